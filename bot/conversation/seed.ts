import type { AmountNode, Figure, Report } from "../../core/report.js";
import type { Draft } from "./draft.js";

/** An amount tree with its names and notes kept and its amounts cleared. */
function names(node: AmountNode): AmountNode {
  return {
    ...(node.id !== undefined && { id: node.id }),
    name: node.name,
    ...(node.note !== undefined && { note: node.note }),
    ...(node.items && { items: node.items.map(names) }),
  };
}

/** A figure with its label, id, links and parts kept and its value cleared. */
function figureShape(f: Figure): Partial<Figure> {
  const { value: _value, asOf: _asOf, items, ...rest } = f;
  return { ...rest, ...(items && { items: items.map((i) => figureShape(i) as Figure) }) };
}

const COLUMN_ROWS = [
  "basic",
  "compressedGeneral",
  "threePublic",
  "vehicle",
  "vehiclePurchase",
  "vehicleOperation",
  "reception",
  "abroad",
  "projects",
  "procurement",
] as const;

/**
 * Last year's report as this year's starting point: the unit, its form (and a 项目支出 table's project), the structure (items, projects, figures and
 * their links, the indicator tree with its targets and weights) and last year's 决算数 as this year's
 * 上年决算数 are kept; every figure of the year is cleared, so the questionnaire asks for it.
 */
export function seedFromLastYear(last: Report): Draft {
  const bd = last.basicData;
  const prior = (c: { current?: string | undefined }) =>
    c.current === undefined ? {} : { prior: c.current };
  return {
    schemaVersion: 1,
    unit: { name: last.unit.name, year: last.unit.year + 1, moneyUnit: last.unit.moneyUnit },
    // the same form, and a 项目支出 table the same project (its money by source is this year's: asked)
    ...(last.form !== undefined && { form: last.form }),
    ...(last.project && {
      project: {
        name: last.project.name,
        ...(last.project.department !== undefined && { department: last.project.department }),
        ...(last.project.implementer !== undefined && { implementer: last.project.implementer }),
      },
    }),
    profile: {
      // an unfinished report's blank text is asked again, not carried as answered
      ...(last.profile.functions !== "" && { functions: last.profile.functions }),
      ...(last.profile.institutions !== "" && { institutions: last.profile.institutions }),
      staff: { breakdown: last.profile.staff.breakdown.map((b) => ({ name: b.name })) },
    },
    basicExpenditure: {
      wages: names(last.basicExpenditure.wages),
      goodsAndServices: names(last.basicExpenditure.goodsAndServices),
      householdSubsidies: names(last.basicExpenditure.householdSubsidies),
    },
    projects: last.projects.map(names),
    ...(last.governmentFunds && {
      governmentFunds: {
        breakdown: last.governmentFunds.breakdown.map(names),
        uses: last.governmentFunds.uses.map(names),
        figures: last.governmentFunds.figures.map(figureShape),
      },
    }),
    performance: {
      sections: last.performance.sections.map((s) => ({
        title: s.title,
        figures: s.figures.map(figureShape),
      })),
    },
    basicData: {
      ...Object.fromEntries(COLUMN_ROWS.map((k) => [k, prior(bd[k])])),
      ...Object.fromEntries(
        (["business", "operation", "county"] as const).map((k) => [
          k,
          {
            columns: prior(bd[k].columns),
            ...(bd[k].itemsArePartial !== undefined && { itemsArePartial: bd[k].itemsArePartial }),
            items: bd[k].items.map((i) => ({ name: i.name, columns: prior(i.columns) })),
          },
        ]),
      ),
    },
    selfEvaluation: {
      indicators: last.selfEvaluation.indicators.map((g) => ({
        id: g.id,
        name: g.name,
        weight: g.weight,
        subgroups: g.subgroups.map((s) => ({
          name: s.name,
          rows: s.rows.map((r) => ({
            id: r.id,
            name: r.name,
            rule: r.rule,
            target: r.target,
            ...(r.weight !== undefined && { weight: r.weight }),
            ...(r.targetRef !== undefined && { targetRef: r.targetRef }),
            ...(r.actualRef !== undefined && { actualRef: r.actualRef }),
          })),
        })),
      })),
    },
  };
}
