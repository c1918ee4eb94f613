import { and, desc, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { supportCaseEvents, supportCases } from "@/lib/db/schema";
import type { StaffMember } from "@/lib/staff/access";

/**
 * "Start an article from this case" (issue 31): what a new draft starts with — the case's subject
 * (the customer wrote it and may have put their details in it: the editor's note asks the agent
 * to remove anything about the customer before saving) and this agent's own last reply. Nothing else the customer
 * wrote (description, replies), nor who they are, is carried over: the agent adds what they choose
 * in the editor, and nothing is saved until they press Save.
 */
export async function articleStartFromCase(staff: StaffMember, caseId: number): Promise<{ title: string; body: string } | undefined> {
  const database = await db();
  const [found] = await database.select({ subject: supportCases.subject }).from(supportCases).where(eq(supportCases.id, caseId));
  if (!found) return undefined;
  const [reply] = await database
    .select({ text: supportCaseEvents.text })
    .from(supportCaseEvents)
    .where(and(eq(supportCaseEvents.caseId, caseId), eq(supportCaseEvents.kind, "reply"), eq(supportCaseEvents.byStaff, true), eq(supportCaseEvents.internal, false), eq(supportCaseEvents.authorId, staff.id)))
    .orderBy(desc(supportCaseEvents.at), desc(supportCaseEvents.id))
    .limit(1);
  return { title: found.subject, body: reply?.text ?? "" };
}
