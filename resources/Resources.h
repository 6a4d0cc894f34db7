#pragma once

#include <QString>

// Paths of the resources compiled into the designer (icons, samples).
namespace resources {

// ":/icons/<name>.svg", e.g. icon("smtp"); names are the files in resources/icons.
QString icon(const QString& name);
// The sample workflow shipped with the program (Salesforce Lead -> SMTP).
QString sampleWorkflow();

} // namespace resources
