/**
 * Commands in Chinese words, for messengers without a command menu (钉钉, 企业微信): "@自评助手 得分" is
 * "/score". One table, used by every adapter that needs it. A word counts only as the whole message, or
 * followed by a space and its argument where the command takes one ("试算 资金直补受益移民（人）=23330"),
 * so an answer that merely contains a word is still an answer.
 */
const WORDS: [words: string[], command: string, takesArgument: boolean][] = [
  [["帮助", "菜单"], "help", false],
  [["开始", "继续"], "start", false],
  [["新建", "新建报告"], "new", true],
  [["进度", "状态"], "status", true],
  [["得分", "评分", "打分"], "score", false],
  [["审核", "检查"], "check", false],
  [["试算"], "whatif", true],
  [["偏差"], "deviations", false],
  [["编号", "数字编号"], "figures", false],
  [["报告", "PDF", "pdf", "生成报告"], "pdf", true],
  [["定稿"], "pdf 定稿", false],
  [["文档", "Word", "word", "Word文档"], "word", true],
  [["附表", "Excel", "excel", "表格"], "excel", false],
  [["导出"], "export", false],
  [["上一题", "返回"], "back", false],
  [["跳过"], "skip", false],
  [["跳到", "转到"], "goto", true],
  [["修改"], "edit", true],
  [["起草"], "draft", false],
  [["接受"], "accept", true],
  [["替换"], "replace", true],
  [["填报人", "成员"], "members", true],
  [["切换", "选择报告"], "use", true],
  [["报告列表", "所有报告", "我的报告"], "reports", false],
  [["沿用", "以此为起点"], "seed", true],
];

const TABLE = new Map<string, [string, boolean]>();
for (const [words, command, arg] of WORDS) for (const w of words) TABLE.set(w, [command, arg]);

/** The words of each command, for help texts: "得分" → "/score". */
export function wordOf(command: string): string | undefined {
  return WORDS.find(([, c]) => c === command)?.[0][0];
}

/** A message in words as its command ("得分" → "/score", "试算 A=1" → "/whatif A=1"); other text unchanged. */
export function commandText(text: string): string {
  const t = text.trim();
  if (t.startsWith("/")) return t;
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(t);
  if (!m) return text;
  const hit = TABLE.get(m[1] as string);
  if (!hit) return text;
  const [command, takesArgument] = hit;
  const arg = (m[2] ?? "").trim();
  if (arg !== "" && !takesArgument) return text;
  return arg === "" ? `/${command}` : `/${command} ${arg}`;
}

/** What the group can ask for, in words and commands (for the help of @-only groups). */
export const GROUP_WORDS =
  "得分（/score）、审核（/check）、试算 名称=数值（/whatif）、偏差（/deviations）、进度（/status）、报告（/pdf）、文档（/word）、附表（/excel）、导出（/export）、帮助（/help）";
