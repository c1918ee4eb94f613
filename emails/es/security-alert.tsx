import SecurityAlertEmail from "../security-alert";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishSecurityAlertEmail = SecurityAlertEmail.bind(null);
export default Object.assign(SpanishSecurityAlertEmail, { PreviewProps: { ...SecurityAlertEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") } });
