#pragma once

#include "engine/core/Result.h"

#include <QHash>
#include <QString>
#include <optional>

namespace engine {

// The app settings a workflow sees through @appsetting('NAME') and
// appsetting('NAME'): the process environment first, then the "Values" of a
// local.settings.json, as the Logic Apps Standard runtime does locally (the
// file's values never override what the environment already sets).
class AppSettings
{
public:
    AppSettings() = default;
    // Reads local.settings.json; a missing file is not an error (no values).
    static Result<AppSettings> load(const QString& localSettingsPath);
    // local.settings.json next to a connections.json or in a workflow's
    // project folder (the folder or its parent), when there is one.
    static QString findLocalSettings(const QString& nearPath);
    // Sets (or, for an empty `value`, removes) one of the file's "Values",
    // keeping everything else in it as it was; creates the file when missing.
    static Status writeValue(const QString& localSettingsPath, const QString& name,
                             const QString& value);

    std::optional<QString> value(const QString& name) const;
    // Values from the file only (tests set them directly).
    void setValue(const QString& name, const QString& value) { m_values.insert(name, value); }
    // Whether the environment is consulted (on by default).
    void setUseEnvironment(bool use) { m_useEnvironment = use; }

private:
    QHash<QString, QString> m_values;
    bool m_useEnvironment = true;
};

} // namespace engine
