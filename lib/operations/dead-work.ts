import { recordAudit, type AuditActor } from "@/lib/audit";
import { listDeadJobs, retryDeadJob } from "@/lib/jobs/queue";
import { listMail, retryDeadMail } from "@/lib/mail/outbox";
import { hasRole, type StaffMember } from "@/lib/staff/access";

/**
 * The staff health page's "Try again" (issue 29): what `npm run user -- mail retry` and
 * `jobs retry` do, for an admin in the browser, with the audit log saying who. A retry is one
 * conditional update (only a row still dead changes), so two admins pressing at once retry it once
 * and the audit log has one entry.
 */
export type RetryOutcome = { ok: true } | { ok: false; reason: "not_dead" };

function assertAdmin(staff: StaffMember) {
  // S34: the action checked the role; this is the rule's own guard.
  if (!hasRole(staff, "admin")) throw new Error("only admins may retry dead mail and jobs");
}

export async function retryDeadMailByStaff(admin: StaffMember, id: number, actor: AuditActor): Promise<RetryOutcome> {
  assertAdmin(admin);
  if (!(await retryDeadMail(id))) return { ok: false, reason: "not_dead" };
  await recordAudit({ event: "dead_mail_retried", actorId: actor.actorId, meta: actor.meta, details: { mailId: id } });
  return { ok: true };
}

export async function retryDeadJobByStaff(admin: StaffMember, id: number, actor: AuditActor): Promise<RetryOutcome> {
  assertAdmin(admin);
  if (!(await retryDeadJob(id))) return { ok: false, reason: "not_dead" };
  await recordAudit({ event: "dead_job_retried", actorId: actor.actorId, meta: actor.meta, details: { jobId: id } });
  return { ok: true };
}

/**
 * Dead mail as the health page lists it: the template and what went wrong, not the recipient —
 * S52: the page carries ids, never addresses (the CLI's `mail dead` shows them on the server).
 */
export async function deadMailForStaff() {
  return (await listMail("dead")).map(({ id, template, attempts, lastError, createdAt }) => ({ id, template, attempts, lastError, createdAt }));
}

export async function deadJobsForStaff() {
  return listDeadJobs();
}
