import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TrpcProvider } from "./_lib/trpc";
import "./globals.css";

export const metadata: Metadata = { title: "Gristmill", description: "Control plane for sensor data workers" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TrpcProvider>{children}</TrpcProvider>
      </body>
    </html>
  );
}
