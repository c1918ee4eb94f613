import { NextResponse } from "next/server";
import { config } from "@/lib/config";

/** Password managers send customers here to change a password (W3C "well-known change-password"). */
export function GET() {
  return NextResponse.redirect(new URL("/account", config().appUrl), 302);
}
