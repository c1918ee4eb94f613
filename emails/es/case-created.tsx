import CaseCreatedEmail from "../case-created";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish case confirmation, for the preview server (npm run email). */
const SpanishCaseCreatedEmail = CaseCreatedEmail.bind(null);
export default Object.assign(SpanishCaseCreatedEmail, {
  PreviewProps: { ...CaseCreatedEmail.PreviewProps, name: "Juan Pérez", subject: "No encuentro la confirmación de mi último pedido", t: previewText("es"), branding: previewBrandingIn("es") },
});
