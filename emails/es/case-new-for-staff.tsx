import CaseNewForStaffEmail from "../case-new-for-staff";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The same mail with Spanish words, for the preview server (npm run email). */
const SpanishCaseNewForStaffEmail = CaseNewForStaffEmail.bind(null);
export default Object.assign(SpanishCaseNewForStaffEmail, {
  PreviewProps: { ...CaseNewForStaffEmail.PreviewProps, subject: "No encuentro la confirmación de mi último pedido", t: previewText("es"), branding: previewBrandingIn("es") },
});
