import ContactMessageEmail from "../contact-message";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Contact us forward with Spanish words, for the preview server (npm run email). */
const SpanishContactMessageEmail = ContactMessageEmail.bind(null);
export default Object.assign(SpanishContactMessageEmail, {
  PreviewProps: { ...ContactMessageEmail.PreviewProps, message: "Hola:\n¿Qué horario tienen durante las fiestas?\nGracias, Juana", t: previewText("es"), branding: previewBrandingIn("es") },
});
