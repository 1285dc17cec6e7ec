/** The README.txt of a data export, in German and English. */
export const EXPORT_README = `Deine Daten aus dem Roten Netz / Your data from Rotes Netz
===========================================================

Deutsch
-------
Diese ZIP-Datei enthält alle Daten, die die Plattform über dich speichert, als JSON (UTF-8).
Zeitangaben sind in UTC (ISO 8601).

account.json      Dein Zugang (E-Mail, Sprache, Zeitpunkte) und dein Eintrag im Mitgliederverzeichnis
                  (Mitgliedsnummer, Name, E-Mail, Geburtsdatum, Status).
profile.json      Dein Profil: Text, Telefon, Kontakt-E-Mail, ob ein Foto hinterlegt ist, und wer was sehen darf.
photo.webp        Dein Profilfoto, falls vorhanden (so, wie es gespeichert ist: neu kodiert, ohne Metadaten).
memberships.json  Deine Gliederungen (Ortsverein, Kreisverband, Regionalzentrum, Landesverband, AGs) und
                  Rollen, mit Herkunft (Mitgliederverzeichnis oder in der App vergeben).
consents.json     Deine Einwilligungen mit Version und Zeitpunkt.
sessions.json     Deine aktuellen Anmeldesitzungen (Gerät/Browser, Netzbereich, Zeitpunkte).
sign-ins.json     Anmeldungen, Abmeldungen und Fehlversuche an deinem Zugang aus dem Sicherheitsprotokoll.
mails.json        E-Mails, die die Plattform dir geschickt hat.

Spätere Beiträge (Räume, Anträge, Veranstaltungen) kommen in weiteren Dateien hinzu.

English
-------
This ZIP file holds all data the platform keeps about you, as JSON (UTF-8). Times are UTC (ISO 8601).

account.json      Your account (email, language, times) and your roster entry
                  (member number, name, email, date of birth, status).
profile.json      Your profile: text, phone, contact email, whether a photo is stored, and who may see what.
photo.webp        Your profile photo, if any (as stored: re-encoded, without metadata).
memberships.json  Your units (Ortsverein, Kreisverband, Regionalzentrum, Landesverband, working groups) and
                  roles, with their source (the roster or granted in the app).
consents.json     Your consents with version and time.
sessions.json     Your current sign-in sessions (device/browser, network range, times).
sign-ins.json     Sign-ins, sign-outs and failed attempts on your account from the security log.
mails.json        Emails the platform sent you.

Later contributions (rooms, amendments, events) will be added as further files.
`;
