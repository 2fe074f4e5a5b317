import { ask, type Builder, list, people, short, text } from "./questions.js";

/** 基本信息: the unit, its year and the money unit of the whole report. */
export function unitQuestions(b: Builder): void {
  b.section = "unit";
  ask(b, "unit.name", "单位名称", "请输入单位全称（例如：衡阳县库区移民事务中心）", short);
  ask(b, "unit.year", "年度", "自评哪一年度？（例如：2020）", { kind: "number", integer: true });
  ask(b, "unit.moneyUnit", "金额单位", "金额用什么单位填报？", { kind: "choice", options: ["万元", "元"] });
}

/** 一、单位基本情况: functions, institutions, staff. */
export function profileQuestions(b: Builder): void {
  b.section = "profile";
  ask(b, "profile.functions", "主要职能", "一、单位基本情况：请简述单位的主要职能。", text);
  ask(b, "profile.institutions", "机构情况", "机构情况：内设哪些机构？", text);
  ask(b, "profile.staff.actual", "实有在编工作人员", "单位现实有在编工作人员多少人？", people);
  list(
    b,
    "profile.staff.breakdown",
    "人员分类",
    "在编人员要按类别列出吗（如参公、非参公）？（是/否）",
    (i) => {
      ask(
        b,
        `profile.staff.breakdown.${i}.name`,
        `人员类别${i + 1}`,
        `第 ${i + 1} 类人员的名称？（例如：参照公务员法管理事业人员）`,
        short,
      );
      ask(b, `profile.staff.breakdown.${i}.count`, `人员类别${i + 1}人数`, "这一类多少人？", people);
    },
  );
  ask(b, "profile.staff.retirees", "离退休人员", "年末实有离退休人员多少人？（没有可 /skip）", people, true);
}
