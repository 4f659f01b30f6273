/** English articles for fixture sites. Written for this project. */
import type { FixtureArticle } from './articles.ts';

export const ARTICLES_EN: FixtureArticle[] = [
  {
    id: 'harbor-wind',
    date: '2023-03-14',
    page: 1,
    title: 'Harbor town bets on offshore wind to replace its fishing jobs',
    reporters: ['Jane Doe'],
    correspondents: [],
    paragraphs: [
      'For three generations the Kellers have fished the cold water off Port Alder. This spring, the family boat will carry survey equipment instead of nets, leased by a company that plans to build forty turbines twelve miles offshore.',
      '"I never thought I would be glad to see a wind farm," said Tom Keller, 58, standing on the pier where his grandfather once unloaded cod. "But the fish left before the turbines came. At least this keeps the boat working."',
      'The project, approved by the state in January, is expected to create about 300 construction jobs and 80 permanent positions in maintenance and operations. Town officials say it could also revive the shuttered cannery, which would serve as a staging yard.',
      'Not everyone is convinced. A group of residents has asked the county to study how the turbines would affect migrating birds and the view from the historic lighthouse, which draws several thousand visitors each summer.',
      'The developer says it has already moved six turbines farther south to reduce their visibility from shore, and that it will fund a three-year bird monitoring program run by the state university.',
      'For Keller, the decision is simple arithmetic. Last year his catch covered fuel and insurance, but little else. The survey lease pays more in a month than fishing did in a season.',
    ],
  },
];
