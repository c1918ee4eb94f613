import CaseStatusChangedEmail from "../case-status-changed";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish status change of a case, for the preview server (npm run email). */
const SpanishCaseStatusChangedEmail = CaseStatusChangedEmail.bind(null);
export default Object.assign(SpanishCaseStatusChangedEmail, {
  PreviewProps: { ...CaseStatusChangedEmail.PreviewProps, name: "Juan Pérez", subject: "No encuentro la confirmación de mi último pedido", t: previewText("es"), branding: previewBrandingIn("es") },
});
