import { MORE_ARTICLES } from './articles-more.ts';

/**
 * Articles of the fixture publisher (a fictional e-paper modeled on the 中国石化报 seed page).
 * The text is written for this project; it is not taken from any real paper.
 */

export interface FixtureArticle {
  /** Stable key, used in URLs. */
  id: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  /** Page (版) number in the e-paper edition. */
  page: number;
  /** 肩题 above the title, optional. */
  kicker?: string;
  title: string;
  /** 副题 below the title, optional. */
  subtitle?: string;
  /** Reporters (本报记者) and correspondents (通讯员), as the byline block prints them. */
  reporters: string[];
  correspondents: string[];
  /** Body paragraphs, without the byline lines. */
  paragraphs: string[];
  /** The article's photo (a file of tests/support/web/photos, served under /images/) and its caption, as the img's alt. */
  photo?: { file: string; caption: string };
}

/** The first three are the ones the extraction tests use; keep them unchanged. */
const FIRST_ARTICLES: FixtureArticle[] = [
  {
    id: 'refinery-energy',
    date: '2023-01-09',
    page: 3,
    kicker: '去年以来，沿海炼化基地开展节能降碳专项行动，算细账、挖潜力，推动能效水平持续提升',
    title: '向每一度电要效益 炼化装置能耗创新低',
    reporters: ['周 航'],
    correspondents: ['陈晓雯', '吴 迪'],
    paragraphs: [
      '清晨七点，常减压装置的操作室里已经忙碌起来。班长孙立峰盯着大屏上的加热炉排烟温度曲线，对身边的徒弟说：“温度每降十度，一年就能省下几百吨燃料，这笔账要天天算。”',
      '去年以来，沿海炼化基地把节能降碳作为提质增效的主攻方向，围绕加热炉、换热网络、循环水和蒸汽管网四个重点环节，逐台设备摸底，逐项措施落地。全年综合能耗同比下降百分之四点二，节约标准煤一万二千余吨。',
      '“过去说节能，大家觉得是设备部门的事。”基地生产技术处负责人刘建国介绍，今年他们把能耗指标分解到每套装置、每个班组，每周通报排名，让一线员工看得见、比得上、有奔头。',
      '在重整装置，技术人员发现部分换热器长期结垢，换热效率不足设计值的七成。他们利用检修窗口对十二台换热器进行化学清洗，并优化了进料温度控制逻辑，装置燃料气消耗每小时减少三百多立方米。',
      '蒸汽管网是另一个“出血点”。基地组织专业队伍对全厂两千多个疏水阀逐一检测，更换失效疏水阀一百六十余个，对保温破损管段进行集中修复。仅此一项，每年可减少蒸汽损失四万多吨。',
      '节能不只靠改造，更要靠管理。基地上线能源管理信息平台，实时采集水、电、汽、风等介质数据，异常波动自动报警。去年平台共推送预警信息九百余条，处理及时率达到百分之九十八。',
      '青年员工黄思远在平台上发现，夜间循环水泵运行台数偏多。他提出根据气温和负荷调整开泵方案的建议，被采纳后每月节电约十五万千瓦时。“小改小革也能出大效益。”黄思远说。',
      '今年，基地将继续推进余热回收、电机变频和智能控制等项目，力争综合能耗再降百分之二，为建设绿色低碳炼化企业打下坚实基础。',
    ],
  },
  {
    id: 'oilfield-training',
    date: '2023-01-09',
    page: 3,
    title: '师带徒结对子 技能人才“长”在岗位上',
    reporters: ['郑 雪'],
    correspondents: ['马文涛'],
    paragraphs: [
      '在采油管理区的实训场上，五十二岁的技能专家赵永刚正手把手教徒弟更换抽油机皮带。“角度不对，受力就不均匀，皮带用不了多久就会磨损。”他一边示范，一边讲解要领。',
      '去年，管理区推行“一名专家带一个团队、一个团队攻一类难题”的培养模式，组建了十八个师徒攻关小组，覆盖采油、集输、作业等主要岗位。',
      '师徒结对不是挂名。管理区为每对师徒制定年度培养计划，明确学习内容和考核标准，徒弟每季度要完成一次实操考核，师傅的带徒成效与绩效奖励直接挂钩。',
      '徒弟李晓楠原来是一名文员，转岗到采油岗位后，对设备原理一知半解。在师傅的带领下，她用半年时间掌握了油井巡检、参数调整和简单故障处理，去年底在管理区技能比赛中获得三等奖。',
      '攻关小组还把岗位上遇到的难题变成课题。针对冬季管线冻堵问题，赵永刚团队研制出一种简易伴热装置，成本不到原方案的三分之一，已在四十多口井推广应用。',
      '管理区负责人表示，今年将把师带徒经验向更多岗位延伸，力争三年内培养高级工以上技能人才一百名，让更多员工在岗位上成长成才。',
    ],
  },
  {
    id: 'station-service',
    date: '2023-01-10',
    page: 2,
    title: '加油站变身“城市驿站” 暖心服务留住老主顾',
    subtitle: '便民设施进站点 司机休息有去处',
    reporters: ['宋佳宁'],
    correspondents: [],
    paragraphs: [
      '寒潮来袭，凌晨两点的国道旁，一辆货车缓缓驶入加油站。司机老杨下车后，径直走进站内新设的司机之家，接上一杯热水，在沙发上歇了歇脚。',
      '“跑长途最怕的就是夜里找不到地方休息。这里有热水、有充电插座，还能用洗衣机，比以前方便多了。”老杨说，他每个月都要在这条线上跑七八趟，这座加油站成了他固定的落脚点。',
      '去年以来，当地销售企业在一百二十座加油站设立司机之家和爱心驿站，配备饮水机、微波炉、急救药箱和休息座椅，为货车司机、环卫工人、外卖骑手等群体提供免费服务。',
      '站经理张红梅介绍，驿站开放以来，进站客户明显增多，便利店销售额同比增长两成以上。“服务做好了，客户自然愿意来。我们把每一位进站的人都当成老朋友。”',
      '下一步，企业将结合客户需求，在具备条件的站点增加洗车、车辆简易检修等服务项目，让加油站真正成为方便群众生活的温馨港湾。',
    ],
  },
];

/** Every article of the fixture e-paper: 24 articles, 2023-01-09 to 2023-01-12. */
export const ARTICLES: FixtureArticle[] = [...FIRST_ARTICLES, ...MORE_ARTICLES];

/** The notice the fixture e-paper prints on every page, modeled on the seed's 版权声明. */
export const PUBLISHER_NOTICE =
  '《石化晨报》(电子版)的一切内容(包括但不限于文字、图片、PDF、图表、标志、标识、商标、版面设计、专栏目录与名称、内容分类标准以及为读者提供的任何信息)仅供石化晨报读者阅读、学习研究使用,未经石化晨报社及/或相关权利人书面授权,任何单位及个人不得将《石化晨报》(电子版)所登载、发布的内容用于商业性目的,包括但不限于转载、复制、发行、制作光盘、数据库、触摸展示等行为方式,或将之在非本站所属的服务器上作镜像。否则,石化晨报社将采取包括但不限于网上公示、向有关部门举报、诉讼等一切合法手段,追究侵权者的法律责任。';

export const PUBLISHER_NAME = '石化晨报';
