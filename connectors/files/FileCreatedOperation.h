#pragma once

#include "engine/catalogue/Operation.h"

namespace connectors::files {

// The catalogue entry of "When a file is created" in a local folder. Logic
// Apps has no local-folder trigger, so it is written as a type of our own
// that reads like the built-in ones:
//   {"type": "FileCreated",
//    "inputs": {"folderPath": "/data/in", "filter": "*.csv", "includeSubfolders": false},
//    "recurrence": {"frequency": "Second", "interval": 10}}
// triggerBody() is {"path","name","size","lastModified"} of one new file.
class FileCreatedOperation
{
public:
    static QString id() { return QStringLiteral("files.fileCreated"); }
    static QString type() { return QStringLiteral("FileCreated"); }
    static engine::Operation create();
};

} // namespace connectors::files
