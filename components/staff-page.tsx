import type { ReactNode } from "react";
import type { StaffMember } from "@/lib/staff/access";
import { PageHeading } from "./page-heading";
import { StaffNav, type StaffScreen } from "./staff-nav";

type StaffPageProps = {
  staff: StaffMember;
  current: StaffScreen;
  /** The h1's id, which names the page's landmark. */
  headingId: string;
  heading: ReactNode;
  /** The screen's one main button, beside the heading (New article). */
  action?: ReactNode;
  /** The way back (a list, the queue) above the heading. */
  back?: ReactNode;
  /** A line under the heading that says what the screen is for. */
  intro?: ReactNode;
  /** What the last action did or why it was refused: <Notice>s, each shown only when there is one. */
  notices?: ReactNode;
  /** A list screen is a section; one thing's page (a case, a customer) is an article. */
  landmark?: "article" | "section";
  children: ReactNode;
};

/**
 * Issue 24: the frame every staff screen has — the staff navigation, then one landmark named by its
 * heading, with the way back, the heading, its intro and the last action's notice in the same order
 * on every screen.
 */
export function StaffPage({ staff, current, headingId, heading, action, back, intro, notices, landmark: Landmark = "article", children }: StaffPageProps) {
  return (
    // Without the customers' Get Help block: app/staff/layout.tsx marks every staff address.
    <div>
      <StaffNav staff={staff} current={current} />
      <Landmark aria-labelledby={headingId} className={Landmark === "article" ? "space-y-6" : "space-y-5"}>
        {back && <p className="text-sm">{back}</p>}
        <PageHeading id={headingId} action={action}>
          {heading}
        </PageHeading>
        {intro && <p>{intro}</p>}
        {notices}
        {children}
      </Landmark>
    </div>
  );
}
