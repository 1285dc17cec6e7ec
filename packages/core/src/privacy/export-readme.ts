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
mails.json        E-Mails, die die Plattform dir geschickt hat (auch die mit Zugangsdaten zu Veranstaltungen).
rooms.json        Räume: deine Beiträge (Text, Zeitpunkte, ob gelöscht oder von der Moderation ausgeblendet),
                  frühere Fassungen deiner bearbeiteten Beiträge, deine Themen, Reaktionen, Stimmen in
                  Meinungsbildern (auch geheimen), Meldungen (Grund, Stand), Raum-Einstellungen (stumm,
                  verlassen, folgen, Verhaltensregeln angenommen), Lesestand, Einladungen, Entwürfe,
                  Sperren (Raum, bis wann, Grund), Benachrichtigungen und hochgeladene Anhänge (nur Angaben
                  zur Datei).
events.json       Veranstaltungen: deine Anmeldungen (Titel, Beginn, Stand inkl. Warteliste, Teilnahme),
                  deine Fragen und die Fragen, die du unterstützt hast, und ob du einen Kalender-Feed hast
                  (mit oder ohne Zugangsdaten; die geheime Feed-Adresse selbst steht nicht darin).
programme.json    Programmprozess: deine Ideen (Titel, Text, Stand, offizielle Antwort), unterstützte Ideen,
                  deine Änderungsanträge und die, die du unterstützt hast.

Was andere geschrieben haben, steht nicht darin: Hast du auf einen Beitrag reagiert, ihn gemeldet
oder eine Frage, Idee oder einen Antrag unterstützt, findest du Nummer und Zusammenhang (Raum,
Thema, Veranstaltung, Titel), aber nicht Text oder Namen der anderen Person.

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
mails.json        Emails the platform sent you (including those with meeting data for events).
rooms.json        Rooms: your posts (text, times, whether deleted or hidden by moderation), earlier
                  versions of your edited posts, threads you opened, reactions, votes in polls (secret
                  ones too), reports (reason, status), room settings (muted, left, following, code of
                  conduct accepted), read markers, invitations, drafts, bans (room, until, reason),
                  notifications and uploaded attachments (file details only).
events.json       Events: your registrations (title, start, status including waitlist, attendance), your
                  questions and the questions you supported, and whether you have a calendar feed (with or
                  without meeting data; the secret feed address itself is not included).
programme.json    Programme process: your ideas (title, text, status, official answer), ideas you
                  supported, your amendments and the ones you supported.

What others wrote is not included: where you reacted to, reported or supported someone else's
post, question, idea or amendment, you find its number and context (room, thread, event, title),
not the other person's text or name.
`;
