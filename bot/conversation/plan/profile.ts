import { getAt } from "../draft.js";
import { ask, type Builder, list, people, short, text } from "./questions.js";

/** 基本信息: the unit, its year and the money unit of the whole report. */
export function unitQuestions(b: Builder): void {
  b.section = "unit";
  ask(
    b,
    "unit.name",
    "单位名称",
    "请输入单位全称，可连同年度一起写（例如：衡阳县库区移民事务中心 2020）",
    short,
  );
  ask(b, "unit.year", "年度", "自评哪一年度？（例如：2020）", {
    kind: "number",
    integer: true,
    unit: "年",
    examples: ["2020", "2020年"],
  });
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
    "在编人员要按类别列出吗？直接写出各类和人数，例如：参照公务员法管理事业人员7人、非参公人员11人；不列就回答“没有”",
    (i) => {
      ask(
        b,
        `profile.staff.breakdown.${i}.name`,
        `人员类别${i + 1}`,
        `第 ${i + 1} 类人员的名称？（例如：参照公务员法管理事业人员）`,
        short,
      );
      const name = getAt(b.draft, `profile.staff.breakdown.${i}.name`);
      ask(
        b,
        `profile.staff.breakdown.${i}.count`,
        typeof name === "string" ? `${name}人数` : `人员类别${i + 1}人数`,
        "这一类多少人？",
        people,
      );
    },
    { bulk: { kind: "people" } },
  );
  ask(
    b,
    "profile.staff.retirees",
    "离退休人员",
    "年末实有离退休人员多少人？（没有就回答“没有”）",
    people,
    true,
  );
}
