import SecurityAlertEmail from "../security-alert";
import { securityAlertPreviewProps } from "../_components/security-alert-preview";

/** The "emailChangedNew" security alert, for the preview server (npm run email). */
export default Object.assign(SecurityAlertEmail.bind(null), { PreviewProps: securityAlertPreviewProps("emailChangedNew") });
