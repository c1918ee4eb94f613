import ContactReplyEmail from "../contact-reply";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish answer to a Contact us message, for the preview server (npm run email). */
const SpanishContactReplyEmail = ContactReplyEmail.bind(null);
export default Object.assign(SpanishContactReplyEmail, {
  PreviewProps: {
    ...ContactReplyEmail.PreviewProps,
    name: "Juana Díaz",
    reply: "Estimada Sra. Díaz:\nDurante las fiestas atendemos de lunes a viernes, de 8:00 a 18:00, salvo los días festivos.",
    original: "Hola:\n¿Qué horario tienen durante las fiestas?\nGracias, Juana",
    t: previewText("es"),
    branding: previewBrandingIn("es"),
  },
});
