/**
 * How an indicator is scored, read the way staff write it: the direction in the 指标值 itself ("≥98%",
 * "98%以上", "不低于98%", "≤0.40元/页", "控制在0.40元/页以内", "不高于…") or, without one, in the 三级指标's
 * name (a 成本 or 上访 row is held down; a 满意度 or 受益人数 row is pushed up). Pure: words in, a direction
 * or null (unclear: the questionnaire then asks).
 */
export type Direction = ">=" | "<=";

const AT_LEAST_BEFORE = /^(?:≥|>=|＞=|不低于|不少于|不小于|大于等于|至少|达到|高于|大于|>)\s*/u;
const AT_MOST_BEFORE = /^(?:≤|<=|＜=|不高于|不超过|不多于|不大于|小于等于|最多|低于|小于|控制在|<)\s*/u;
const AT_LEAST_AFTER = /\s*(?:及以上|以上|或以上)$/u;
const AT_MOST_AFTER = /\s*(?:及以下|以下|或以下|以内|之内)$/u;

/** "≥98%" → { direction ">=", value "98%" }; a value without a direction word comes back as it was. */
export function splitDirection(input: string): { direction: Direction | null; value: string } {
  let s = input.normalize("NFKC").trim();
  let direction: Direction | null = null;
  const before = [
    [AT_LEAST_BEFORE, ">="],
    [AT_MOST_BEFORE, "<="],
  ] as const;
  for (const [re, d] of before) {
    const m = re.exec(s);
    if (m) {
      direction = d;
      s = s.slice(m[0].length);
      break;
    }
  }
  const after = [
    [AT_LEAST_AFTER, ">="],
    [AT_MOST_AFTER, "<="],
  ] as const;
  for (const [re, d] of after) {
    const m = re.exec(s);
    if (m && /\d/.test(s)) {
      if (direction !== null && direction !== d) return { direction: null, value: input.trim() };
      direction = d;
      s = s.slice(0, m.index);
      break;
    }
  }
  return direction && /\d/.test(s)
    ? { direction, value: s.trim() }
    : { direction: null, value: input.trim() };
}

/** A rate whose rise is bad: 发生率, 差错率, 投诉率… */
const BAD_RATE =
  /(?:发生|差错|错误|出错|投诉|事故|超支|违规|返工|失误|空置|流失|损失|不合格|失败|误差|偏差|闲置)(?:率|比例|占比)$/u;
const RATE = /(?:率|比例|占比|满意度|覆盖面|达标|合格)$/u;
/** what is always held down: costs, complaints, accidents */
const COSTS = /成本|单价|价格|均价|上访|投诉|事故|差错|违规|违纪|超支|超标|损失|逾期|伤亡|不合格/u;
/** what is usually held down (time taken, spending), unless the name also says it was done */
const HELD_DOWN = /费用|支出|耗时|用时|时长|天数|周期|能耗|滞留|积压|发生数|案件/u;
/** what is pushed up */
const PUSHED_UP =
  /增加|提高|提升|增长|完成|受益|覆盖|培训|建设|新增|发放|开展|达到|实施|改造|修缮|整治|扶持|服务|接待|征集|编研|出版|开发|收集|利用|脱贫|救助|补助|资助|安置|宣传|检查|监测|评估|验收|办结|处理|解决|录入|加工|扫描|保护/u;
/** units that count what was done (人, 个, 次…): pushed up unless the name says otherwise */
const COUNT_UNIT =
  /^(?:人|人次|个|户|次|项|件|场|场次|所|座|处|宗|批|批次|期|部|册|卷|卷次|页|万页|篇|份|条|家|村|亩|公里|KM|km|米|平方米|吨|台|套|辆|本)$/u;

/** The unit in brackets at the end of a name: "资金直补受益移民（人）" → "人". */
function unitOfName(name: string): string | undefined {
  return /[（(]([^（）()]+)[）)]\s*$/.exec(name.normalize("NFKC"))?.[1]?.trim();
}

/**
 * The direction a 三级指标's name implies, or null when it does not say (the questionnaire asks then).
 * A target of 0 can only be a ceiling (0 起 上访): pass `zeroTarget`.
 */
export function directionFromName(name: string, zeroTarget = false): Direction | null {
  if (zeroTarget) return "<=";
  const bare = name
    .normalize("NFKC")
    .replace(/[（(][^（）()]*[）)]\s*$/, "")
    .trim();
  if (BAD_RATE.test(bare)) return "<=";
  if (RATE.test(bare)) return ">=";
  if (COSTS.test(bare)) return "<=";
  const down = HELD_DOWN.test(bare);
  const up = PUSHED_UP.test(bare);
  if (down && !up) return "<=";
  if (up && !down) return ">=";
  if (down && up) return null;
  const unit = unitOfName(name);
  if (unit === "%") return ">=";
  return unit !== undefined && COUNT_UNIT.test(unit) ? ">=" : null;
}
