import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The shape of the code as docs/DESIGN.md describes it: the core never talks, the conversation is pure,
 * a messenger adapter sees the conversation only through its step. (File and function lengths and
 * import cycles are Biome's: biome.json.)
 */
const ROOT = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sources(path));
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Every module a file imports: relative ones as paths from the root, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm,
    /^\s*import\s+"([^"]+)"/gm,
    /\bimport\(\s*"([^"]+)"\s*\)/g,
  ];
  const specs = patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1] as string));
  return specs.map((s) => (s.startsWith(".") ? relative(ROOT, resolve(dirname(join(ROOT, file)), s)) : s));
}

describe("architecture", () => {
  it("core/ imports only core/, zod and decimal.js, and reads no clock, environment or randomness", () => {
    for (const file of sources("core")) {
      for (const spec of importsOf(file)) {
        expect(spec.startsWith("core/") || spec === "zod" || spec === "decimal.js", `${file} → ${spec}`).toBe(
          true,
        );
      }
      const text = readFileSync(join(ROOT, file), "utf8");
      expect(/process\.|Date\.now|new Date\(|Math\.random|console\./.test(text), file).toBe(false);
    }
  });

  it("bot/conversation/ is pure: it imports core/ and itself, nothing that does I/O", () => {
    for (const file of sources("bot/conversation")) {
      for (const spec of importsOf(file)) {
        const ok = spec.startsWith("core/") || spec.startsWith("bot/conversation/") || spec === "node:crypto";
        expect(ok, `${file} → ${spec}`).toBe(true);
      }
      const text = readFileSync(join(ROOT, file), "utf8");
      expect(/process\.|Date\.now|new Date\(|Math\.random|console\./.test(text), file).toBe(false);
    }
  });

  it("a messenger adapter reaches the conversation only through its step (bot/conversation/index.ts)", () => {
    const adapters = [
      "bot/telegram",
      "bot/terminal",
      "bot/dingtalk",
      "bot/wecom",
      "bot/messenger",
      "bot/chat",
    ].flatMap(sources);
    expect(adapters.length).toBeGreaterThan(3);
    for (const file of adapters) {
      for (const spec of importsOf(file).filter((s) => s.startsWith("bot/conversation/"))) {
        expect(spec, file).toBe("bot/conversation/index.js");
      }
    }
    const index = readFileSync(join(ROOT, "bot/conversation/index.ts"), "utf8");
    const exported = [...index.matchAll(/export (?:type )?\{([^}]+)\}/g)].flatMap((m) =>
      (m[1] as string).split(",").map((x) => x.trim()),
    );
    expect(exported.sort()).toEqual(
      [
        "AnswerChange",
        "Effect",
        "EngineState",
        "Input",
        "Reply",
        "StepResult",
        "initialState",
        "isState",
        "step",
      ].sort(),
    );
  });

  it("the repository stands on its own: nothing refers to ../shared", () => {
    const files = [
      "README.md",
      ...[
        "docs",
        "core",
        "bot",
        "prompts",
        "pdf",
        "storage",
        "cli",
        "config",
        "test",
        "bench",
        "scripts",
      ].flatMap((d) => walk(d)),
    ];
    for (const file of files) {
      expect(readFileSync(join(ROOT, file), "utf8").includes("../shared"), file).toBe(false);
    }
  });
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (name === "results" || name === "img") continue;
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...walk(path));
    else if (/\.(ts|mjs|md|json)$/.test(name) && path !== "test/architecture.test.ts") out.push(path);
  }
  return out;
}
