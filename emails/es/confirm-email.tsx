import ConfirmEmailEmail from "../confirm-email";
import { previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishConfirmEmailEmail = ConfirmEmailEmail.bind(null);
export default Object.assign(SpanishConfirmEmailEmail, { PreviewProps: { ...ConfirmEmailEmail.PreviewProps, t: previewText("es") } });
