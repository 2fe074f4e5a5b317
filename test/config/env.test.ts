import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, readConfig } from "../../config/env.js";

describe("configuration from the environment", () => {
  it(".env.example lists every variable read", () => {
    const listed = [...readFileSync(".env.example", "utf8").matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...ENV_VARIABLES].sort());
  });
  it("lists every bad Telegram variable together, without their values", () => {
    const r = readConfig({
      TELEGRAM_BOT_TOKEN: "not-a-token-secretvalue",
      TELEGRAM_API_ROOT: "api.telegram.org",
      PORT: "http",
      DATABASE_URL: "mysql://x",
    });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.map((e) => e.split("：")[0])).toEqual([
      "DATABASE_URL",
      "TELEGRAM_BOT_TOKEN",
      "TELEGRAM_API_ROOT",
      "PORT",
    ]);
    expect(errors.join("\n")).not.toContain("secretvalue");
  });
  it("a webhook needs its secret; long polling and Telegram's API root by default", () => {
    const token = "123456789:AAH-abcdefghijklmnopqrstuvwxyz0123";
    const hook = readConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://x.example/hook" });
    expect(hook).toEqual({
      ok: false,
      errors: ["TELEGRAM_WEBHOOK_SECRET：使用 TELEGRAM_WEBHOOK_URL 时必须设置，例如 s3cr3t-0123456789ab"],
    });
    const polling = readConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" });
    expect(polling.ok && polling.config.telegram).toEqual({
      token,
      apiRoot: "http://127.0.0.1:8081",
      webhook: null,
    });
    const none = readConfig({});
    expect(none.ok && [none.config.telegram, none.config.databaseUrl, none.config.llm]).toEqual([
      null,
      undefined,
      null,
    ]);
  });
});
