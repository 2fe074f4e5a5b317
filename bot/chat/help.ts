import { NEW_EXAMPLE } from "./commands.js";

/** What a group is told about Zipin (/start, /help, and a group without a report). */
export const GROUP_HELP = [
  "Zipin 自评助手：帮本单位逐项填写部门整体支出绩效自评，并生成报告 PDF。",
  `开始：${NEW_EXAMPLE}（发起人为报告负责人）`,
  "回答问题：直接回复我的提问；选项可点按钮。已有报告文件（.json）可作为文件发送，说明写 /import。",
  "负责人或群管理员回复某人的消息发送 /members add，可把他加为填报人；其他人可查看 /status、/score、/whatif、/deviations。",
  "一个群可有多份报告（部门整体、各项目支出表、各年度）：/reports 列出，/use 2 切换，/seed 1 以第 1 份为起点新建下一年度。",
].join("\n");
