#pragma once

#include <QString>
#include <QVariant>

namespace designer {

// Saves the user's settings without stopping the window. QSettings saves a
// changed file under a lock file, through a save file flushed to disk
// (QLockFile, QSaveFile): 35 to 200 ms on a slow disk, on the thread that
// saves.
//
// setValue() hands the value to the writer's own thread, which saves the
// latest value of each key, in as few writes of the file as it can, as
// atomically as QSettings always does. Until a value is saved, value()
// returns it: read settings that are written here through value(). (A
// QSettings opened while the writer saves the same file still waits for
// that save: QSettings locks the file's copy meanwhile.)
// Values still pending when the application object goes are saved before
// it goes. Any thread may set values; without an application object, it
// saves on the calling thread.
class SettingsWriter
{
public:
    static void setValue(const QString& key, const QVariant& value);
    static QVariant value(const QString& key, const QVariant& fallback = {});
    // Waits until everything set so far is saved.
    static void flush();
};

} // namespace designer
