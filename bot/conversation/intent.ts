/**
 * What a message is, before it is read as an answer: a request for an explanation of the question
 * (“？”, “这个填什么”, “控制率是什么，怎么算？”), a question or a remark that is not an answer (“好的”,
 * “稍等”, “这个要填吗？”), or one of the words staff use for yes, no, “no more”, “same as above” and
 * “the default”. Nothing here is ever stored as an answer.
 */

const HELP =
  /^[?？]+$|(?:填什么|写什么|怎么填|如何填|怎么写|怎么算|如何算|如何计算|怎么计算|怎样计算|是什么意思|什么意思|是什么[?？]*$|指什么|哪里找|从哪(?:里|儿)?(?:找|取|来|看)|在哪(?:里|儿)?(?:找|看)|看不懂|不明白|不懂|不知道(?:填|怎么|是什么)|举个例子|有例子吗|说明一下|解释一下)/u;

/** “？”, “这个填什么”, “怎么算”: the question is explained, nothing is stored. */
export function asksForHelp(text: string): boolean {
  return HELP.test(text.normalize("NFKC").trim());
}

const REMARKS = new Set([
  "好",
  "好的",
  "好吧",
  "嗯",
  "嗯嗯",
  "哦",
  "噢",
  "知道了",
  "明白",
  "明白了",
  "收到",
  "谢谢",
  "多谢",
  "稍等",
  "等一下",
  "等等",
  "马上",
  "我查一下",
  "查一下",
  "我看看",
  "ok",
  "OK",
  "行",
]);

/** A remark (“好的”, “稍等”) rather than an answer. */
export function isRemark(text: string): boolean {
  return REMARKS.has(
    text
      .normalize("NFKC")
      .trim()
      .replace(/[。.!！~～,，]+$/u, ""),
  );
}

/**
 * A question rather than an answer: a short message ending with a question mark, or starting as
 * questions do (“请问”, “为什么”, “能不能”). A long text that happens to end with “？” is prose.
 */
export function isQuestion(text: string): boolean {
  const t = text.normalize("NFKC").trim();
  if (
    /^(?:请问|为什么|为啥|怎么|怎样|如何|能不能|可不可以|可以不|是不是|要不要|需不需要|是否需要|哪些|哪个|什么是)/u.test(
      t,
    )
  )
    return true;
  return [...t].length <= 40 && /[?？]$/u.test(t);
}

const norm = (t: string) =>
  t
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[。.!！]+$/u, "");

export const YES = new Set([
  "是",
  "是的",
  "有",
  "要",
  "好",
  "对",
  "对的",
  "需要",
  "y",
  "yes",
  "1",
  "确认",
  "确定",
  "没问题",
  "无误",
  "正确",
]);
export const NO = new Set([
  "否",
  "不",
  "不是",
  "没有",
  "没有了",
  "没了",
  "无",
  "不要",
  "不用",
  "不用了",
  "不需要",
  "没",
  "就这些",
  "就这么多",
  "完了",
  "没有别的了",
  "n",
  "no",
  "2",
]);
/** “没有”: nothing to fill in here (an optional field left blank, a list finished) */
export const NOTHING = new Set([
  "没有",
  "没有了",
  "没了",
  "无",
  "不用",
  "不用了",
  "不需要",
  "没",
  "跳过",
  "略",
  "空",
  "空着",
  "/",
  "-",
  "—",
]);

export const isYes = (t: string) => YES.has(norm(t));
export const isNo = (t: string) => NO.has(norm(t));
export const isNothing = (t: string) => NOTHING.has(norm(t));
/** “同上”: the same as the answer above */
export const isSameAsAbove = (t: string) =>
  /^(?:同上|同上一项|和上面一样|与上面相同|跟上面一样|同前)$/u.test(norm(t));
/** “默认”: the question's default */
export const isDefault = (t: string) => /^(?:默认|用默认|按默认|默认值|默认的)$/u.test(norm(t));
