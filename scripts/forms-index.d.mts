/** Types of forms-index.mjs: the list of the form profiles' data files. */
export function profileFiles(names: string[]): string[];
export function indexSource(files: string[]): string;
