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
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|file:|[^:]+$)/, {
      message: "应为 SQLite 文件路径（例如 data/zipin.db）或 postgresql://用户:密码@主机:5432/库名",
    })
    .optional(),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, {
      message: "应为 @BotFather 给出的令牌，形如 123456789:AAH…（数字、冒号、字母）",
    })
    .optional(),
  TELEGRAM_API_ROOT: z.url({ message: "应为网址，例如 https://api.telegram.org" }).optional(),
  TELEGRAM_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, message: "应为公网网址，例如 https://zipin.example.gov.cn/telegram" })
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, {
      message: "应为 16–256 位字母、数字、_ 或 -，例如 s3cr3t-0123456789ab",
    })
    .optional(),
  DINGTALK_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{4,128}$/, {
      message: "应为钉钉应用的 Client ID（原 AppKey），例如 dingxxxxxxxxxxxxxxxx",
    })
    .optional(),
  DINGTALK_CLIENT_SECRET: z
    .string()
    .min(8, { message: "应为钉钉应用的 Client Secret（原 AppSecret）" })
    .optional(),
  DINGTALK_ROBOT_CODE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{4,128}$/, { message: "应为机器人的 RobotCode，例如 dingxxxxxxxxxxxxxxxx" })
    .optional(),
  DINGTALK_API_ROOT: z.url({ message: "应为网址，例如 https://api.dingtalk.com" }).optional(),
  DINGTALK_OAPI_ROOT: z.url({ message: "应为网址，例如 https://oapi.dingtalk.com" }).optional(),
  WECOM_BOT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{4,128}$/, { message: "应为智能机器人的 BotID（管理后台“API 模式”里给出）" })
    .optional(),
  WECOM_BOT_SECRET: z
    .string()
    .min(8, { message: "应为智能机器人的 Secret（管理后台“API 模式”里给出）" })
    .optional(),
  WECOM_WS_URL: z
    .url({
      protocol: /^wss?$/,
      message: "应为 wss:// 开头的长连接地址，例如 wss://openws.work.weixin.qq.com",
    })
    .optional(),
  PORT: z.coerce
    .number({ message: "应为端口号，例如 8080" })
    .int({ message: "应为整数端口号，例如 8080" })
    .min(0, { message: "应为 0–65535（0：任一空闲端口）" })
    .max(65535, { message: "应为 1–65535" })
    .default(8080),
});

/** Every variable Zipin reads (`.env.example` lists them all; a test checks). */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape);

export interface TelegramConfig {
  token: string;
  /** the Bot API server: Telegram's, or any other (a local Bot API server, the tests' fake) */
  apiRoot: string;
  /** null: long polling; set: webhook mode, listening on `port` */
  webhook: { url: string; secret: string; port: number } | null;
}

export interface DingTalkConfig {
  clientId: string;
  clientSecret: string;
  /** the robot's code: the client id unless DINGTALK_ROBOT_CODE says otherwise */
  robotCode: string;
  /** the Stream gateway, the access token and the robot APIs */
  apiRoot: string;
  /** media/upload */
  oapiRoot: string;
}

export interface WeComConfig {
  botId: string;
  secret: string;
  wsUrl: string;
}

export interface AppConfig {
  /** null: DINGTALK_CLIENT_ID not set */
  dingtalk: DingTalkConfig | null;
  /** null: WECOM_BOT_ID not set */
  wecom: WeComConfig | null;
  /** null: no key set, the offline drafter writes sections 五 and 六 */
  llm: LlmConfig | null;
  /** null: no token set, the conversation runs in the terminal */
  telegram: TelegramConfig | null;
  /** undefined: the embedded SQLite file data/zipin.db */
  databaseUrl: string | undefined;
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
  const pairs: [string | undefined, string | undefined, string][] = [
    [e.DINGTALK_CLIENT_ID, e.DINGTALK_CLIENT_SECRET, "DINGTALK_CLIENT_ID 与 DINGTALK_CLIENT_SECRET"],
    [e.WECOM_BOT_ID, e.WECOM_BOT_SECRET, "WECOM_BOT_ID 与 WECOM_BOT_SECRET"],
  ];
  const half = pairs.filter(([a, b]) => (a === undefined) !== (b === undefined));
  if (half.length > 0) {
    return { ok: false, errors: half.map(([, , names]) => `${names}：要么都设置，要么都不设置`) };
  }
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    return {
      ok: false,
      errors: ["TELEGRAM_WEBHOOK_SECRET：使用 TELEGRAM_WEBHOOK_URL 时必须设置，例如 s3cr3t-0123456789ab"],
    };
  }
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
      telegram: e.TELEGRAM_BOT_TOKEN
        ? {
            token: e.TELEGRAM_BOT_TOKEN,
            apiRoot: (e.TELEGRAM_API_ROOT ?? "https://api.telegram.org").replace(/\/+$/, ""),
            webhook: e.TELEGRAM_WEBHOOK_URL
              ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET as string, port: e.PORT }
              : null,
          }
        : null,
      databaseUrl: e.DATABASE_URL,
      dingtalk:
        e.DINGTALK_CLIENT_ID && e.DINGTALK_CLIENT_SECRET
          ? {
              clientId: e.DINGTALK_CLIENT_ID,
              clientSecret: e.DINGTALK_CLIENT_SECRET,
              robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID,
              apiRoot: (e.DINGTALK_API_ROOT ?? "https://api.dingtalk.com").replace(/\/+$/, ""),
              oapiRoot: (e.DINGTALK_OAPI_ROOT ?? "https://oapi.dingtalk.com").replace(/\/+$/, ""),
            }
          : null,
      wecom:
        e.WECOM_BOT_ID && e.WECOM_BOT_SECRET
          ? {
              botId: e.WECOM_BOT_ID,
              secret: e.WECOM_BOT_SECRET,
              wsUrl: e.WECOM_WS_URL ?? "wss://openws.work.weixin.qq.com",
            }
          : null,
    },
  };
}
