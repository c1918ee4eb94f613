import ConfirmNewEmailEmail from "../confirm-new-email";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishConfirmNewEmailEmail = ConfirmNewEmailEmail.bind(null);
export default Object.assign(SpanishConfirmNewEmailEmail, { PreviewProps: { ...ConfirmNewEmailEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") } });
