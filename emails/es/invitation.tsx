import InvitationEmail from "../invitation";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishInvitationEmail = InvitationEmail.bind(null);
export default Object.assign(SpanishInvitationEmail, { PreviewProps: { ...InvitationEmail.PreviewProps, name: "Juana Díaz", expiresOn: "11 de diciembre de 2026", t: previewText("es"), branding: previewBrandingIn("es") } });
