import type { Metadata } from "next";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { TrpcProvider } from "./_lib/trpc";
import "./globals.css";

// Rendered per request, so every page carries that request's CSP nonce on its scripts.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Gristmill", description: "Control plane for sensor data workers" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <NuqsAdapter>
          <TrpcProvider>{children}</TrpcProvider>
        </NuqsAdapter>
      </body>
    </html>
  );
}
