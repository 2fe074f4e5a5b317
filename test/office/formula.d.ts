/** fast-formula-parser ships no types: the part the tests use. */
declare module "fast-formula-parser" {
  export default class FormulaParser {
    constructor(config: {
      onCell?: (ref: { sheet: string; row: number; col: number }) => unknown;
      onRange?: (ref: never) => unknown;
    });
    parse(formula: string, position: { sheet: string; row: number; col: number }): unknown;
  }
}
