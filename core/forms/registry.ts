import { PROFILE_DATA } from "./profiles/index.js";
import { type FormProfile, FormProfileSchema, type TemplateRow } from "./schema.js";

/**
 * The form profiles, from the data files of `profiles/` (their list is written by
 * scripts/forms-index.mjs). Each is validated once, when this module is loaded: a profile that does
 * not validate is a defect of its file and stops the program with what is wrong (the forms test finds
 * it first).
 */

/** The profile of a report file that names none: the Hunan set the sample is filled in on. */
export const DEFAULT_PROFILE_ID = "hunan-2020-dept";

function load(): ReadonlyMap<string, FormProfile> {
  const out = new Map<string, FormProfile>();
  for (const { file, data } of PROFILE_DATA) {
    const parsed = FormProfileSchema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`form profile ${file}: ${issues}`);
    }
    if (parsed.data.id !== file) throw new Error(`form profile ${file}: its id is "${parsed.data.id}"`);
    out.set(parsed.data.id, parsed.data);
  }
  if (!out.has(DEFAULT_PROFILE_ID)) throw new Error(`form profile ${DEFAULT_PROFILE_ID} is missing`);
  return out;
}

const PROFILES = load();

/** Every profile, the default first, then by kind and name. */
export function allProfiles(): FormProfile[] {
  const rest = [...PROFILES.values()].filter((p) => p.id !== DEFAULT_PROFILE_ID);
  rest.sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === "部门整体" ? -1 : 1));
  return [PROFILES.get(DEFAULT_PROFILE_ID) as FormProfile, ...rest];
}

/** A profile by its id, or undefined. */
export function profileById(id: string): FormProfile | undefined {
  return PROFILES.get(id);
}

/** The profile a report is filled in on: the one it names, else the default. */
export function profileOf(report: { form?: string | undefined }): FormProfile {
  return (report.form !== undefined ? PROFILES.get(report.form) : undefined) ?? defaultProfile();
}

export function defaultProfile(): FormProfile {
  return PROFILES.get(DEFAULT_PROFILE_ID) as FormProfile;
}

const TEMPLATE_ROWS = new Map<string, Map<string, TemplateRow>>();

/** The template row of a profile with this id (the fixed rows of 共性指标 tables), or undefined. */
export function templateRow(profile: FormProfile, id: string): TemplateRow | undefined {
  let rows = TEMPLATE_ROWS.get(profile.id);
  if (!rows) {
    rows = new Map();
    for (const g of profile.indicators.groups)
      for (const s of g.subgroups) for (const r of s.rows ?? []) rows.set(r.id, r);
    TEMPLATE_ROWS.set(profile.id, rows);
  }
  return rows.get(id);
}
