import { z } from "zod";
import type { LlmConfig } from "../prompts/drafter.js";

/**
 * Configuration comes only from the environment, read here once at start. Every bad variable is
 * listed together; values are never echoed (some are secrets).
 */
const EnvSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ message: "应为网址，例如 https://api.deepseek.com/v1" }).optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_TIMEOUT_MS: z.coerce
    .number({ message: "应为毫秒数，例如 60000" })
    .int({ message: "应为整数毫秒数，例如 60000" })
    .min(1000, { message: "至少 1000 毫秒" })
    .max(600_000, { message: "至多 600000 毫秒" })
    .default(60_000),
  OPENAI_MAX_RETRIES: z.coerce
    .number({ message: "应为次数，例如 2" })
    .int({ message: "应为整数，例如 2" })
    .min(0, { message: "不能为负" })
    .max(10, { message: "至多 10" })
    .default(2),
});

export interface AppConfig {
  /** null: no key set, the offline drafter writes sections 五 and 六 */
  llm: LlmConfig | null;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; errors: string[] };

/** Reads and validates the environment (empty strings count as unset). */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}：${i.message}`) };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      llm: e.OPENAI_API_KEY
        ? {
            apiKey: e.OPENAI_API_KEY,
            baseURL: e.OPENAI_BASE_URL,
            model: e.OPENAI_MODEL,
            timeoutMs: e.OPENAI_TIMEOUT_MS,
            maxRetries: e.OPENAI_MAX_RETRIES,
          }
        : null,
    },
  };
}
