import EmailInUseEmail from "../email-in-use";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishEmailInUseEmail = EmailInUseEmail.bind(null);
export default Object.assign(SpanishEmailInUseEmail, { PreviewProps: { ...EmailInUseEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") } });
