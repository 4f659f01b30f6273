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
  {
    id: 'refinery-jobs',
    date: '2023-03-16',
    page: 1,
    title: 'Refinery upgrade brings apprenticeships back to the river valley',
    reporters: ['Sam Ortiz'],
    correspondents: [],
    paragraphs: [
      'The refinery at Millbrook has announced a two-year upgrade that will replace its oldest distillation unit and, for the first time in a decade, train a new class of apprentices in welding, instrumentation and process control.',
      'Plant manager Ruth Adeyemi said the company expects to hire forty apprentices this year, most of them from the three counties along the river. "We have an aging workforce and we need people who will run this place for the next thirty years," she said.',
      'The community college will teach the classroom part of the program. Students will spend three days a week on site and two in class, and will be paid from their first day.',
      'Union leaders welcomed the plan but asked for a written commitment that apprentices will be offered permanent jobs when they finish. The company said talks are under way.',
    ],
  },
];
