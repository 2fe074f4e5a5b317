/**
 * What each question means, in a 财政 office's words: where the figure comes from (which 决算 table or
 * line), how it is worked out, and an example. Answered when someone asks “？”, “这个填什么” or “怎么算” at
 * the question; never stored as an answer. One line of this table per question (or family of questions),
 * matched on the place the answer goes to.
 */
// biome-ignore format: one explanation per line, so the table reads as a table
const HELP: [RegExp, string][] = [
  [/^unit\.name$/, "填单位全称，与部门决算封面上的单位名称一致；可连同年度一起写，例如：衡阳县库区移民事务中心 2020。"],
  [/^unit\.year$/, "填自评的是哪一年的支出，一般是上一年，例如 2020 年的支出在 2021 年自评，就填 2020。"],
  [/^unit\.moneyUnit$/, "报告里的金额用万元还是元填写，照部门决算报表的单位选；县级单位一般用万元。"],
  [/^profile\.functions$/, "照“三定”方案或部门预算说明写单位的主要职能，一两句即可，例如：负责全县水库移民后期扶持和日常管理。"],
  [/^profile\.institutions$/, "写内设机构（股室），例如：内设综合办公室、后期扶持股、法规和培训股。"],
  [/^profile\.staff\.actual$/, "年末实有在编人数，取自部门决算《机构人员情况表》，例如 18。"],
  [/^profile\.staff\.breakdown/, "按编制类别分的人数，例如：参照公务员法管理事业人员7人、非参公人员11人；合计应等于实有在编人数。"],
  [/^profile\.staff\.retirees$/, "年末离退休人员数，取自《机构人员情况表》，没有就回答“没有”。"],
  [/^generalBudget\.income$/, "取自部门决算《财政拨款收入支出决算总表》“一般公共预算财政拨款”本年收入，例如 352.29；可把收入、支出、其中基本支出、项目支出四个数一起写：352.29 352.29 113.29 239。"],
  [/^generalBudget\.expenditure$/, "《财政拨款收入支出决算总表》一般公共预算财政拨款本年支出合计 = 基本支出 + 项目支出，例如 352.29。"],
  [/^generalBudget\.basic$/, "一般公共预算财政拨款支出中的基本支出，取自《一般公共预算财政拨款基本支出决算表》合计，例如 113.29。"],
  [/^generalBudget\.project$/, "一般公共预算财政拨款支出中的项目支出 = 支出合计 − 基本支出，例如 352.29 − 113.29 = 239。"],
  [/^basicExpenditure\.amount$/, "基本支出合计 = 工资福利支出 + 商品和服务支出 + 对个人和家庭的补助，与“其中：基本支出”是同一个数。"],
  [/^basicExpenditure\.wages/, "《一般公共预算财政拨款基本支出决算表》301 工资福利支出：合计及基本工资、津贴补贴、奖金、社会保险缴费、住房公积金等各款，例如 101.61 基本工资51.91 津贴补贴20.63。"],
  [/^basicExpenditure\.goodsAndServices/, "《一般公共预算财政拨款基本支出决算表》302 商品和服务支出：合计及办公费、水费、电费等各款，例如 10.72 办公费0.75 水费0.5 电费1.51。"],
  [/^basicExpenditure\.householdSubsidies/, "《一般公共预算财政拨款基本支出决算表》303 对个人和家庭的补助：合计及生活补助、抚恤金等各款，例如 0.96 生活补助0.96。"],
  [/^threePublic\.amount$/, "“三公经费”= 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费，取自《一般公共预算财政拨款“三公”经费支出决算表》，例如 2.30；可在括号里加说明：2.30（“三公经费”即公务接待费）。"],
  [/^threePublic\.change/, "与上年“三公经费”决算数比：变动额 = 本年 − 上年（写正数），变动率 = 变动额 ÷ 上年 × 100%，例如 本年 2.30、上年 2.40，写：减少 0.1 4.17%。"],
  [/^projects/, "一般公共预算财政拨款项目支出，逐个项目写名称和金额（取自《项目支出决算表》），例如：移民困难扶助金85、省级移民工作经费补助金14；项目有明细的，明细另起一行、前面空两格。"],
  [/^governmentFunds$/, "本单位本年有没有政府性基金预算财政拨款支出（部门决算《政府性基金预算财政拨款收入支出决算表》有数就是有）。"],
  [/^governmentFunds\.income$/, "《政府性基金预算财政拨款收入支出决算表》本年收入合计，例如 4837.44。"],
  [/^governmentFunds\.breakdown/, "政府性基金支出按支出功能科目（款、项）列，取自《政府性基金预算财政拨款收入支出决算表》，例如：大中型水库移民后期扶持基金支出4625.44。"],
  [/^governmentFunds\.uses/, "这些钱怎么用的：直补发放、项目付款、结存各多少，可在括号里写时点，例如：后扶项目已付款2945.01（2021年3月末）。"],
  [/\.figures(\.|$)/, "正文里写到的数字，逐个写名称和数值（带单位），例如：实际发放直补资金人数23038人；核对时会与附件中的同一个数比较。"],
  [/\.links$/, "正文里同一个数写在两处的（如“发放直补资金”与使用情况里的直补资金），或一个数由另两个数算出的（人数 × 标准 = 金额），标出来后会自动核对是否相符。"],
  [/^performance\.intro$/, "第四部分开头的总体概述，一段话写全年绩效总体情况。"],
  [/^performance\.sections/, "第四部分的小节：第一行写小节标题，下面写正文；例如：移民后期扶持人口动态管理常态化（换行）中心每年进行一次人口核查工作……"],
  [/^basicData\.(filledAt|filler|phone)$/, "附件1-1 表头的填报时间、填表人和联系电话，一起写，例如：2021年5月20日 夏朝晖 13974766373。"],
  [/^basicData\.establishment$/, "编制部门核定的编制数，例如 19。"],
  [/^basicData\.actualStaff$/, "年末实际在职人数，与第一部分的实有在编人数是同一个数。"],
  [/^basicData\.controlRate$/, "在职人员控制率 = 实际在职人数 ÷ 编制数 × 100%，例如 18 ÷ 19 = 94.74%，照表上填写的写。"],
  [/^basicData\.(basic|compressedGeneral|threePublic|vehicle|vehiclePurchase|vehicleOperation|reception|abroad|projects|procurement)$/, "附件1-1 这一行的三个数：本年决算数（取自部门决算）、本年预算数（年初批复加调整）、上年决算数（上年报表），例如：113.29 113.29 152.98；整张表可从 Excel 直接复制粘贴过来。"],
  [/^basicData\.(business|operation|county)/, "部门项目支出按类别分：业务工作专项、运行维护专项、县级专项资金，各写三个数，可在下面列出其中的项目。"],
  [/^basicData\.savingMeasures$/, "厉行节约方面采取的措施，一两句，例如：严格执行公务接待审批制度；没有就回答“没有”。"],
  [/^selfEvaluation\.filledAt$/, "附件1-2 表头的填报时间，一般与附件1-1 相同，例如 2021年5月20日。"],
  [/^selfEvaluation\.funds\.initialBudget$/, "年度资金总额的年初预算数：年初批复的部门预算总额，例如 4633.33；可连同全年预算数、全年执行数、执行率、分值、得分一起写：4633.33 5189.73 5189.73 100% 10 10。"],
  [/^selfEvaluation\.funds\.fullBudget$/, "全年预算数 = 年初预算 + 年中追加调整，例如 5189.73。"],
  [/^selfEvaluation\.funds\.executed$/, "全年执行数：全年实际支出，取自部门决算，例如 5189.73；应等于基本支出 + 项目支出。"],
  [/^selfEvaluation\.funds\.executionRate$/, "预算执行率 = 全年执行数 ÷ 全年预算数 × 100%，例如 5189.73 ÷ 5189.73 = 100%。"],
  [/^selfEvaluation\.funds\.weight$/, "预算执行率在总分 100 分中的分值，财预〔2020〕10号默认 10 分；用默认就回答“默认”。"],
  [/^selfEvaluation\.funds\.declaredScore$/, "预算执行率的自评得分 = 执行率 × 分值，例如 100% × 10 = 10。"],
  [/^selfEvaluation\.byIncome/, "年度资金总额按收入性质分：一般公共预算、政府性基金、非税收入、其他资金，合计应等于全年执行数；没有的写 0。"],
  [/^selfEvaluation\.byExpense/, "年度资金总额按支出性质分：基本支出（其中人员经费 = 工资福利支出 + 对个人和家庭的补助）、公用经费（商品和服务支出）、项目支出。"],
  [/^selfEvaluation\.goalsIntro$/, "年度总体目标前的一句引言，例如：在本年度收支预算内，确保完成以下整体目标："],
  [/^selfEvaluation\.goals/, "年初设定的整体目标，一行一个，写明计划投入，例如：计划投入1399.8万元，发放2020年度核定23330人移民直补资金。"],
  [/^selfEvaluation\.goalsAchieved/, "对照年度目标写全年实际完成情况，一行一条。"],
  [/^selfEvaluation\.indicators\.\d+\.weight$/, "一级指标的分值：产出 50、效益 30、满意度 10（财预〔2020〕10号），单位调整过的照表写；用默认就回答“默认”。"],
  [/^selfEvaluation\.indicators\.\d+\.declaredScore$/, "表中这一一级指标的自评得分，照表写；没填就回答“没有”。"],
  [/\.rows\.\d+\.target$/, "指标值：年初设定的目标，带单位照表写；可带方向，例如 ≥98%、98%以上、≤0.40元/页、2020年3月底前。"],
  [/\.rows\.\d+\.actual$/, "完成值：全年实际完成的数，单位与指标值相同，例如 23038人、100%、2020年5月份。"],
  [/\.rows\.\d+\.rule$/, "越高越好（完成值达到指标值就得满分）还是越低越好（如成本、上访次数，不超过指标值就得满分）。"],
  [/\.rows\.\d+\.assessment$/, "定性或逾期的指标按档次计分：达成得 100–80%，部分达成 80–60%，未达成 60% 以下（财预〔2020〕10号），可加百分比，例如：部分达成 70。"],
  [/\.(subgroups|rows)/, "附件1-2 的绩效指标：一级、二级、三级指标、指标值、完成值；整张表可从 Excel 复制粘贴，例如：产出指标	数量指标	资金直补受益移民（人）	23330	23038。"],
  [/^selfEvaluation\.declaredTotal$/, "表中的自评总分 = 执行率得分 + 各一级指标得分，照表写。"],
  [/^selfEvaluation\.declaredGrade$|^otherNotes\.statedGrade$/, "综合评定等级：90 分及以上优秀，80–90 良好，60–80 较差（中），60 以下差。"],
  [/^selfEvaluation\.explanation/, "附件1-2 “说明”栏：偏差及原因、改进措施，一行一条。"],
  [/^cause:/, "这一偏差的原因，一句话，会写进第五部分，例如：人员死亡等原因核减。"],
  [/^problems/, "第五部分：存在的问题及原因，一行一条；也可以用 /draft 起草。"],
  [/^improvements/, "第六部分：下一步改进措施，一行一条。"],
  [/^otherNotes\.text$/, "第七部分：其他需要说明的情况，例如自评结果：2020年部门整体支出绩效自评结果为优秀。"],
];

const BY_KIND: Record<string, string> = {
  money: "填金额，照报表上的数写，例如 352.29。",
  count: "填数量，例如 18。",
  percent: "填百分比，例如 98%。",
  number: "填数字，例如 10。",
  date: "填日期，例如 2021年5月20日。",
  text: "照报告原文写。",
  quantity: "带单位写，例如 23038人、98%、600元/人。",
};

/** The explanation of a question: its own line of the table, else one for its kind of answer. */
export function helpFor(key: string, kind: string): string {
  const own = HELP.find(([re]) => re.test(key));
  if (own) return own[1];
  return BY_KIND[kind] ?? "照报告原文写；不需要就回答“没有”。";
}
