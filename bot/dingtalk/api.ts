import { callJson, callRaw, HttpError } from "../messenger/http.js";

/**
 * The 钉钉 server APIs the bot calls: the app's access token, replies through a message's sessionWebhook,
 * robot messages to a group or a person (OpenAPI, for when no webhook is valid), media/upload for files
 * the bot sends, messageFiles/download for files users send, and a group's members. `apiRoot` and
 * `oapiRoot` may name a private deployment or a test server. Field names follow the SDKs' types and the
 * platform's documentation samples.
 */
export interface DingTalkApiOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  apiRoot: string;
  oapiRoot: string;
}

export type DingTalkMessage =
  | { msgKey: "sampleText"; msgParam: { content: string } }
  | { msgKey: "sampleMarkdown"; msgParam: { title: string; text: string } }
  | { msgKey: "sampleFile"; msgParam: { mediaId: string; fileName: string; fileType: string } };

/** the largest file imported (a Word or Excel file, 10 MB) and one byte more, for the import to refuse */
const MAX_DOWNLOAD = 10 * 1024 * 1024 + 1;
/** A group's member list is kept this long. */
const MEMBERS_TTL_MS = 5 * 60_000;

export class DingTalkApi {
  private token: { value: string; until: number } | null = null;
  private tokenCall: Promise<string> | null = null;
  private members = new Map<string, { ids: Set<string> | null; at: number }>();

  constructor(private readonly o: DingTalkApiOptions) {}

  /** The app's access token, renewed 5 minutes before it expires. */
  async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.until) return this.token.value;
    this.tokenCall ??= callJson<{ accessToken?: string; expireIn?: number }>(
      `${this.o.apiRoot}/v1.0/oauth2/accessToken`,
      { what: "accessToken", body: { appKey: this.o.clientId, appSecret: this.o.clientSecret } },
    )
      .then((r) => {
        if (!r.accessToken) throw new Error("accessToken: no token in the answer");
        this.token = { value: r.accessToken, until: Date.now() + ((r.expireIn ?? 7200) - 300) * 1000 };
        return r.accessToken;
      })
      .finally(() => {
        this.tokenCall = null;
      });
    return this.tokenCall;
  }

  /** An OpenAPI call with the token; a 401 renews the token once. */
  private async api<T>(path: string, what: string, body: unknown): Promise<T> {
    for (let renewed = false; ; renewed = true) {
      const token = await this.accessToken();
      try {
        return await callJson<T>(`${this.o.apiRoot}${path}`, {
          what,
          body,
          headers: { "x-acs-dingtalk-access-token": token },
        });
      } catch (e) {
        if (renewed || !(e instanceof HttpError) || e.status !== 401) throw e;
        this.token = null;
      }
    }
  }

  /** A reply through the sessionWebhook a message came with (no token needed while it is valid). */
  async replyBySession(url: string, text: string): Promise<void> {
    const r = await callJson<{ errcode?: number; errmsg?: string }>(url, {
      what: "sessionWebhook",
      body: { msgtype: "text", text: { content: text } },
    });
    if (r.errcode !== undefined && r.errcode !== 0) throw new Error(`sessionWebhook: errcode ${r.errcode}`);
  }

  async toGroup(openConversationId: string, m: DingTalkMessage): Promise<void> {
    await this.api("/v1.0/robot/groupMessages/send", "groupMessages/send", {
      robotCode: this.o.robotCode,
      openConversationId,
      msgKey: m.msgKey,
      msgParam: JSON.stringify(m.msgParam),
    });
  }

  async toPerson(userId: string, m: DingTalkMessage): Promise<void> {
    await this.api("/v1.0/robot/oToMessages/batchSend", "oToMessages/batchSend", {
      robotCode: this.o.robotCode,
      userIds: [userId],
      msgKey: m.msgKey,
      msgParam: JSON.stringify(m.msgParam),
    });
  }

  /** Uploads a file the bot sends (media/upload, type file); its media id. */
  async upload(content: Buffer, fileName: string): Promise<string> {
    const token = await this.accessToken();
    const form = new FormData();
    form.append("media", new Blob([new Uint8Array(content)]), fileName);
    const r = await callJson<{ errcode?: number; media_id?: string }>(
      `${this.o.oapiRoot}/media/upload?access_token=${encodeURIComponent(token)}&type=file`,
      { what: "media/upload", form, timeoutMs: 60_000 },
    );
    if (!r.media_id) throw new Error(`media/upload: errcode ${r.errcode ?? "?"}`);
    return r.media_id;
  }

  /** A file a user sent the bot (its downloadCode), at most 10 MB (more is cut: the import refuses it). */
  async download(downloadCode: string): Promise<Buffer> {
    const r = await this.api<{ downloadUrl?: string }>(
      "/v1.0/robot/messageFiles/download",
      "messageFiles/download",
      {
        downloadCode,
        robotCode: this.o.robotCode,
      },
    );
    if (!r.downloadUrl) throw new Error("messageFiles/download: no downloadUrl");
    const bytes = await callRaw(r.downloadUrl, { what: "file download", timeoutMs: 30_000, attempts: 2 });
    return bytes.subarray(0, MAX_DOWNLOAD);
  }

  /**
   * Whether a person (staff id) is a member of a group now; null when 钉钉 cannot say (the members API
   * answers only for groups made from a group template or with the app installed as a 群聊酷应用).
   */
  async isMember(openConversationId: string, staffId: string): Promise<boolean | null> {
    const known = this.members.get(openConversationId);
    if (known && Date.now() - known.at < MEMBERS_TTL_MS) return known.ids ? known.ids.has(staffId) : null;
    let ids: Set<string> | null = new Set<string>();
    try {
      let next: string | undefined;
      for (let page = 0; page < 50; page++) {
        const r = await this.api<{ memberUserIds?: string[]; hasMore?: boolean; nextToken?: string }>(
          "/v1.0/im/sceneGroups/members/batchQuery",
          "sceneGroups/members/batchQuery",
          { openConversationId, maxResults: 1000, ...(next && { nextToken: next }) },
        );
        for (const id of r.memberUserIds ?? []) ids.add(id);
        if (!r.hasMore || !r.nextToken) break;
        next = r.nextToken;
      }
    } catch {
      ids = null;
    }
    this.members.set(openConversationId, { ids, at: Date.now() });
    return ids ? ids.has(staffId) : null;
  }
}
