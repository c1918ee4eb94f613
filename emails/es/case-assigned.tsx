import CaseAssignedEmail from "../case-assigned";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The same mail with Spanish words, for the preview server (npm run email). */
const SpanishCaseAssignedEmail = CaseAssignedEmail.bind(null);
export default Object.assign(SpanishCaseAssignedEmail, {
  PreviewProps: { ...CaseAssignedEmail.PreviewProps, subject: "No encuentro la confirmación de mi último pedido", t: previewText("es"), branding: previewBrandingIn("es") },
});
