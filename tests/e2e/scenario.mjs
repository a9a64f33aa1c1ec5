// SPDX-License-Identifier: AGPL-3.0-or-later
// Browser end-to-end scenario of the Palermo web app, driven by playwright-core on Debian's
// chromium (no browser download): log in → create case → screen → consent → refer → RG
// decision → services, in the language given. Run by run.sh, which starts `palermo serve`.
//
//   node scenario.mjs --base http://127.0.0.1:PORT --lang fr --artifacts DIR --password-file F \
//     --otpauth-file G    (G: the decision maker's otpauth:// URI from `palermo user mfa enable`)
//
// Exits non-zero on the first failure, with a screenshot of the page at fault in DIR.
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['base', 'lang', 'artifacts', 'password-file', 'otpauth-file']) {
    if (!out[k]) throw new Error(`missing --${k}`);
  }
  return out;
}

const opts = args();
const lang = opts.lang;
const password = readFileSync(opts['password-file'], 'utf8').trim();
const otpauth = readFileSync(opts['otpauth-file'], 'utf8').trim();

// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) of the URI's Base32 secret, as a phone computes it.
// `ahead` steps later: each code is accepted once, so the second language's run uses the next
// step's code (within the server's one step of drift) rather than repeat the first run's.
function totpCode(uri, ahead) {
  const base32 = new URL(uri).searchParams.get('secret');
  let bits = '';
  for (const c of base32) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + ahead));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19] & 15;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(value).padStart(6, '0');
}
mkdirSync(opts.artifacts, { recursive: true });

// Words the scenario reads on the pages, per language (the server's own labels).
const W = {
  en: {
    logIn: 'Log in', username: 'Username', password: 'Password', newCase: 'New case',
    code: 'Verification code', codeNeeded: 'Enter the verification code from your authenticator app',
    localId: 'Your record number (required)', age: 'Age at identification (when no birth date is known)',
    familyName: 'Family name', save: 'Save the case', screening: 'Screening',
    start: 'Start the screening', saveAnswers: 'Save the answers',
    presumed: 'Presumed victim of trafficking for labour exploitation',
    decision: 'Your decision', recordDecision: 'Record the decision', consent: 'Consent',
    purpose: 'Purpose', organisation: 'Organisation (code; required for data sharing)',
    recordConsent: 'Record consent', referral: 'NRM referral', refer: 'refer to the NRM',
    referred: 'referred, awaiting the reasonable-grounds decision',
    rgPositive: 'positive reasonable-grounds decision',
    recovery: 'recovery and reflection period (support provided)', logOut: 'Log out',
    serviceName: 'Name', serviceType: 'Type', addService: 'Add the service', services: 'Services',
    accept: 'Accept', pending: 'pending', accepted: 'accepted', myCases: 'Cases assigned to me',
  },
  fr: {
    logIn: 'Se connecter', username: 'Identifiant', password: 'Mot de passe', newCase: 'Nouveau dossier',
    code: 'Code de vérification', codeNeeded: 'Saisissez le code de vérification de votre application',
    localId: 'Votre numéro de dossier (obligatoire)',
    age: "Âge à l'identification (si la date de naissance est inconnue)",
    familyName: 'Nom de famille', save: 'Enregistrer le dossier', screening: 'Repérage',
    start: 'Commencer le repérage', saveAnswers: 'Enregistrer les réponses',
    presumed: 'Victime présumée de la traite à des fins d’exploitation par le travail',
    decision: 'Votre décision', recordDecision: 'Enregistrer la décision', consent: 'Consentement',
    purpose: 'Finalité', organisation: 'Organisation (code ; obligatoire pour le partage de données)',
    recordConsent: 'Enregistrer le consentement', referral: 'Orientation MNO',
    refer: 'orienter vers le MNO',
    referred: 'orienté, en attente de la décision sur les motifs raisonnables',
    rgPositive: 'décision positive sur les motifs raisonnables',
    recovery: 'période de rétablissement et de réflexion (accompagnement assuré)',
    logOut: 'Se déconnecter', serviceName: 'Nom', serviceType: 'Type',
    addService: 'Ajouter le service', services: 'Services', accept: 'Accepter',
    pending: 'en attente', accepted: 'acceptée', myCases: 'Dossiers qui me sont attribués',
  },
}[lang];
if (!W) throw new Error(`unknown language ${lang}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({
  baseURL: opts.base,
  locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
  viewport: { width: 1280, height: 900 },
});
const page = await context.newPage();
const problems = [];
// Script errors and CSP violations fail the run; failed loads are judged by their response
// below (the browser's own /favicon.ico probe is not the app's).
page.on('console', (m) => {
  if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
    problems.push(`console: ${m.text()}`);
  }
});
// The one refusal the scenario asks for (a password without its verification code) is expected.
let expectedLoginRefusals = 0;
page.on('response', (r) => {
  const url = new URL(r.url());
  if (r.status() === 401 && url.pathname === '/login' && expectedLoginRefusals > 0) {
    expectedLoginRefusals -= 1;
    return;
  }
  if (r.status() >= 400 && url.pathname !== '/favicon.ico') {
    problems.push(`HTTP ${r.status()} for ${url.pathname}`);
  }
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

let step = 0;
async function shot(name) {
  step += 1;
  await page.screenshot({
    path: join(opts.artifacts, `${lang}-${String(step).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}
function expect(condition, what) {
  if (!condition) throw new Error(`${lang}: ${what}`);
}
async function expectText(text, what) {
  const found = await page.getByText(text, { exact: false }).first().isVisible().catch(() => false);
  expect(found, `${what}: "${text}" not on ${page.url()}`);
}

// Logs in with the keyboard only: type, Tab, type, (Tab, code,) Enter. With `code`, the
// password alone is tried first and must be refused with the request for a code.
async function logIn(user, code) {
  await page.goto('/login');
  expect((await page.getAttribute('html', 'lang')) === lang, 'the page language follows the browser');
  await page.getByLabel(W.username).focus();
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  if (code) {
    expectedLoginRefusals += 1;
    await page.keyboard.press('Enter');
    // The same URL comes back with the message: wait for the message, not for a navigation.
    await page.getByText(W.codeNeeded, { exact: false }).first().waitFor({ timeout: 10000 }).catch(() => {});
    await expectText(W.codeNeeded, 'the password alone is not enough for an account with MFA');
    await page.getByLabel(W.username).fill(user);
    await page.getByLabel(W.password, { exact: true }).fill(password);
    await page.getByLabel(W.code).focus();
    await page.keyboard.type(code);
  }
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
async function logOut() {
  await page.getByRole('button', { name: W.logOut, exact: true }).click();
  await page.waitForURL(/\/login/);
}

try {
  // ---- A case worker records a case.
  await logIn('worker');
  await shot('cases');
  await page.getByRole('link', { name: W.newCase, exact: true }).first().click();
  const localId = `E2E-${lang}-${Date.now()}`;
  await page.getByLabel(W.localId).fill(localId);
  await page.getByLabel(W.age).fill('30');
  await page.locator('input[name=forms][value=forced_labour]').check();
  await page.getByLabel(W.familyName, { exact: true }).fill('Testperson');
  await shot('new-case');
  await page.getByRole('button', { name: W.save }).click();
  await page.waitForURL(/\/cases\/\d+/);
  const caseUrl = new URL(page.url()).pathname;
  const caseId = caseUrl.split('/')[2];
  await shot('case');

  // ---- Caseload: assign the case to oneself, add a task, see both on "my cases"; the start
  // page, the case list and the case page must not scroll sideways on a 390 px wide phone.
  await page.locator('#assign_user').selectOption('worker');
  await page.locator('form[action$="/assign"] button[type=submit]').click();
  await page.waitForURL(/done=caseload/);
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  await page.locator('#task_due').fill(tomorrow);
  await page.locator('#task_text').fill(`E2E follow-up ${lang}`);
  await page.locator('form[action$="/tasks"] button[type=submit]').click();
  await page.waitForURL(/done=caseload/);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/my', '/cases', caseUrl]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 390 px`);
    if (path === '/my') {
      await expectText(W.myCases, 'the start page');
      await expectText(`E2E follow-up ${lang}`, 'the new task on my cases');
      expect(await page.locator(`a[href="${caseUrl}"]`).count() > 0, 'the assigned case on my cases');
      await shot('my-cases-390');
    }
  }
  await shot('case-page-390');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(caseUrl);

  // ---- Screening: all indicators "yes" → presumed, then a person's decision.
  await page.getByRole('navigation').getByRole('link', { name: W.screening, exact: true }).click();
  await page.waitForURL(/\/screening$/);
  await page.getByRole('button', { name: W.start }).click();
  await page.waitForURL(/\/screening\?done=1/);
  const yes = page.locator('input[type=radio][value=yes]');
  const count = await yes.count();
  expect(count > 20, `the questionnaire lists the indicators (found ${count})`);
  for (let i = 0; i < count; i += 1) await yes.nth(i).check();
  await page.getByRole('button', { name: W.saveAnswers }).click();
  await page.waitForURL(/\/screening\?done=1/);
  expect(await page.locator('[data-presumption=presumed]').count() === 1, 'the presumption is computed');
  await expectText(W.presumed, 'presumption label');
  await page.getByLabel(W.decision).selectOption('refer_to_nrm');
  await page.getByRole('button', { name: W.recordDecision }).click();
  await page.waitForURL(/\/screening\?done=1/);
  await shot('screening');

  // ---- Consent to the referral, then the referral.
  await page.goto(`/cases/${caseId}/consent`);
  await page.getByLabel(W.purpose).selectOption('referral');
  await page.getByRole('button', { name: W.recordConsent }).click();
  await page.waitForURL(/\/consent\?done=1/);
  await page.getByLabel(W.purpose).selectOption('data_sharing');
  await page.getByLabel(W.organisation).fill('shelter_org');
  await page.getByRole('button', { name: W.recordConsent }).click();
  await page.waitForURL(/\/consent\?done=1/);
  expect(await page.locator('tr[data-given="1"]').count() === 2, 'two consents on record');
  await shot('consent');
  await page.getByRole('navigation').getByRole('link', { name: W.referral, exact: true }).click();
  await page.getByRole('button', { name: W.refer, exact: true }).click();
  await page.waitForURL(/\/referral\?done=1/);
  expect(await page.locator('[data-state=referred]').count() === 1, 'the case is referred');
  await expectText(W.referred, 'state label');
  expect(await page.getByRole('button', { name: W.rgPositive }).count() === 0,
         'a case worker is not offered the RG decision');
  await shot('referred');
  await logOut();

  // ---- The NRM decision maker takes the reasonable-grounds decision.
  await logIn('decider', totpCode(otpauth, lang === 'en' ? 1 : 0));
  await page.goto(`/cases/${caseId}/referral`);
  await page.getByRole('button', { name: W.rgPositive, exact: true }).click();
  await page.waitForURL(/\/referral\?done=1/);
  expect(await page.locator('[data-state=recovery_reflection]').count() === 1, 'RG decision recorded');
  await expectText(W.recovery, 'new state label');
  await shot('rg-decision');
  await logOut();

  // ---- A shelter lists a service; the case worker refers the case; the shelter accepts.
  const serviceName = `Safe House ${lang} ${Date.now()}`;
  await logIn('shelter');
  await page.goto('/services');
  await page.getByLabel(W.serviceName, { exact: true }).fill(serviceName);
  await page.getByLabel(W.serviceType, { exact: true }).selectOption('shelter');
  await page.getByRole('button', { name: W.addService }).click();
  await page.waitForURL(/\/services\?done=1/);
  await logOut();

  await logIn('worker');
  await page.goto(`/cases/${caseId}/services`);
  const row = page.locator('tr', { hasText: serviceName });
  await row.getByRole('button').click();
  await page.waitForURL(/\/services\?done=1/);
  expect(await page.locator('[data-status=pending]').count() === 1, 'the service referral is pending');
  await shot('services-referred');
  await logOut();

  await logIn('shelter');
  await page.goto('/services');
  const incoming = page.locator(`.incoming[data-case="${caseId}"]`);
  await incoming.getByRole('button', { name: W.accept }).click();
  await page.waitForURL(/\/services\?done=1/);
  await expectText(W.accepted, 'accepted referral');
  await shot('service-accepted');

  expect(problems.length === 0, `no script or CSP errors: ${problems.join('; ')}`);
  console.log(`e2e ${lang}: OK (case ${caseId})`);
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(`e2e ${lang}: FAILED at ${page.url()}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
