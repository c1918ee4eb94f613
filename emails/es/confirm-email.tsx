import ConfirmEmailEmail from "../confirm-email";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishConfirmEmailEmail = ConfirmEmailEmail.bind(null);
export default Object.assign(SpanishConfirmEmailEmail, { PreviewProps: { ...ConfirmEmailEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") } });
