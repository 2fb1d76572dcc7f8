import { launchChromium, signInPage } from "./test/support/app.ts";

const base = "http://127.0.0.1:3490";
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
await signInPage(page, base, "xitong", "Huantai-Demo-2017");
await page.goto(`${base}/audit`);
await page.waitForTimeout(2500);
await page.screenshot({ path: "/tmp/shots/audit.png" });
const texts = await page.locator("td").allInnerTexts();
console.log(
  texts
    .filter((t) => t.includes("："))
    .slice(0, 30)
    .join("\n"),
);
await browser.close();
