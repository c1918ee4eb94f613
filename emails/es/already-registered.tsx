import AlreadyRegisteredEmail from "../already-registered";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishAlreadyRegisteredEmail = AlreadyRegisteredEmail.bind(null);
export default Object.assign(SpanishAlreadyRegisteredEmail, { PreviewProps: { ...AlreadyRegisteredEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") } });
