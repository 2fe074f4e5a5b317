// Written by scripts/forms-index.mjs from the files of this folder (npm run generate); do not edit.
import p0 from "./coefficient-2021-project.js";
import p1 from "./common-2013-dept.js";
import p2 from "./hunan-2020-dept.js";
import p3 from "./national-2020-dept.js";
import p4 from "./national-2020-project.js";

/** Every form profile's data, with the name of its file. */
export const PROFILE_DATA = [
  { file: "coefficient-2021-project", data: p0 },
  { file: "common-2013-dept", data: p1 },
  { file: "hunan-2020-dept", data: p2 },
  { file: "national-2020-dept", data: p3 },
  { file: "national-2020-project", data: p4 },
];
