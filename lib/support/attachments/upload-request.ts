/**
 * What the attachment field sends with each file to POST /api/attachments (issue 26); shared by
 * the route and the client component, so it imports nothing.
 *
 * S35: a page on another site cannot add a header to a cross-origin POST without a CORS preflight,
 * which the portal never answers, so together with the Origin check this header is the CSRF
 * defence of the route (it takes no cookie-bound token, being called only by the portal's script).
 */
export const UPLOAD_HEADER = "x-portal-upload";
/** The file's name, percent-encoded UTF-8 (a header carries only ASCII). */
export const FILE_NAME_HEADER = "x-file-name";
export const UPLOAD_PATH = "/api/attachments";
