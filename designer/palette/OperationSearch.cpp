#include "designer/palette/OperationSearch.h"

#include "designer/canvas/IconCache.h"
#include "engine/catalogue/Catalogue.h"
#include "resources/Resources.h"

#include <QApplication>
#include <QFileInfo>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QScreen>
#include <QStyledItemDelegate>
#include <QVBoxLayout>
#include <optional>

namespace designer {
namespace {

enum Role
{
    OperationIdRole = Qt::UserRole + 1,
    DescriptionRole,
    ConnectorRole,
    HeaderRole,
};

constexpr int kIconSize = 24;
constexpr int kRowHeight = 46;
constexpr int kHeaderHeight = 26;

QIcon operationIcon(const engine::Operation& op)
{
    // Operations name an SVG (in resources or on disk); anything else, or a
    // file that is not there, shows the generic icon.
    const bool own =
        op.icon.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive) && QFileInfo::exists(op.icon);
    return IconCache::icon(own ? op.icon : resources::icon(QStringLiteral("generic")));
}

// Paints a row as icon, name with the connector beside it in grey, and the
// description below; group headers as small grey captions.
class OperationDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const bool header = index.data(HeaderRole).toBool();
        return {option.rect.width(), header ? kHeaderHeight : kRowHeight};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        painter->save();
        const QPalette& pal = option.palette;
        const QRect r = option.rect;
        QFont font = option.font;
        if (index.data(HeaderRole).toBool()) {
            font.setPointSizeF(font.pointSizeF() * 0.85);
            font.setBold(true);
            painter->setFont(font);
            painter->setPen(pal.color(QPalette::PlaceholderText));
            painter->drawText(r.adjusted(12, 0, -12, -2), Qt::AlignLeft | Qt::AlignBottom,
                              index.data(Qt::DisplayRole).toString().toUpper());
            painter->restore();
            return;
        }

        const bool selected = option.state & QStyle::State_Selected;
        if (selected) {
            QColor fill = pal.color(QPalette::Highlight);
            fill.setAlpha(40);
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            painter->setBrush(fill);
            painter->drawRoundedRect(QRectF(r).adjusted(4, 1, -4, -1), 5, 5);
        }

        const QIcon icon = qvariant_cast<QIcon>(index.data(Qt::DecorationRole));
        const QRect iconRect(r.left() + 12, r.top() + (r.height() - kIconSize) / 2, kIconSize,
                             kIconSize);
        icon.paint(painter, iconRect);

        const int textLeft = iconRect.right() + 12;
        const QRect textRect(textLeft, r.top() + 5, r.right() - textLeft - 10, r.height() - 10);
        const QString name = index.data(Qt::DisplayRole).toString();
        const QString connector = index.data(ConnectorRole).toString();
        const QString description = index.data(DescriptionRole).toString();

        QFont nameFont = font;
        nameFont.setWeight(QFont::DemiBold);
        painter->setFont(nameFont);
        painter->setPen(pal.color(QPalette::Text));
        const QFontMetrics nameMetrics(nameFont);
        const QString shownName =
            nameMetrics.elidedText(name, Qt::ElideRight, textRect.width() * 3 / 4);
        painter->drawText(textRect, Qt::AlignLeft | Qt::AlignTop, shownName);

        QFont small = font;
        small.setPointSizeF(font.pointSizeF() * 0.9);
        const QFontMetrics smallMetrics(small);
        painter->setFont(small);
        painter->setPen(pal.color(QPalette::PlaceholderText));
        const int afterName = textRect.left() + nameMetrics.horizontalAdvance(shownName) + 8;
        const QRect connectorRect(afterName, textRect.top(), textRect.right() - afterName,
                                  nameMetrics.height());
        painter->drawText(
            connectorRect, Qt::AlignLeft | Qt::AlignVCenter,
            smallMetrics.elidedText(connector, Qt::ElideRight, connectorRect.width()));
        painter->drawText(textRect, Qt::AlignLeft | Qt::AlignBottom,
                          smallMetrics.elidedText(description, Qt::ElideRight, textRect.width()));
        painter->restore();
    }
};

} // namespace

OperationSearch::OperationSearch(const engine::Catalogue& catalogue, QWidget* parent)
    : QWidget(parent), m_catalogue(catalogue), m_matcher(catalogue)
{
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("operationSearchField"));
    m_edit->setPlaceholderText(tr("Search triggers and actions"));
    m_edit->setClearButtonEnabled(true);
    m_edit->addAction(IconCache::icon(resources::icon(QStringLiteral("ui-search"))),
                      QLineEdit::LeadingPosition);
    m_edit->installEventFilter(this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    setFocusProxy(m_edit);

    // A popup window as QCompleter uses: it takes the keyboard while open, so
    // its keys are handled here and typing is passed on to the field.
    m_popup = new QFrame(this, Qt::Popup);
    m_popup->setObjectName(QStringLiteral("operationSearchPopup"));
    m_popup->setFrameShape(QFrame::StyledPanel);
    m_popup->installEventFilter(this);
    m_list = new QListWidget(m_popup);
    m_list->setObjectName(QStringLiteral("operationSearchList"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setItemDelegate(new OperationDelegate(m_list));
    m_list->setUniformItemSizes(false);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMouseTracking(true);
    m_list->installEventFilter(this);
    auto* popupLayout = new QVBoxLayout(m_popup);
    popupLayout->setContentsMargins(0, 4, 0, 4);
    popupLayout->addWidget(m_list);

    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        refresh();
        showPopup();
    });
    connect(m_edit, &QLineEdit::returnPressed, this, &OperationSearch::chooseCurrent);
    connect(m_list, &QListWidget::itemClicked, this, &OperationSearch::chooseItem);
    connect(m_list, &QListWidget::itemActivated, this, &OperationSearch::chooseItem);
    refresh();
}

OperationSearch::~OperationSearch() = default;

void OperationSearch::setTriggersFirst(bool triggersFirst)
{
    if (m_triggersFirst == triggersFirst)
        return;
    m_triggersFirst = triggersFirst;
    refresh();
}

bool OperationSearch::isPopupVisible() const
{
    return m_popup->isVisible();
}

QString OperationSearch::currentOperationId() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(OperationIdRole).toString() : QString();
}

QStringList OperationSearch::shownOperationIds() const
{
    QStringList ids;
    for (int i = 0; i < m_list->count(); ++i) {
        const QString id = m_list->item(i)->data(OperationIdRole).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}

void OperationSearch::activate()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
    refresh();
    showPopup();
}

void OperationSearch::hidePopup()
{
    m_popup->hide();
}

void OperationSearch::refresh()
{
    const auto matches = m_matcher.rank(m_edit->text(), m_triggersFirst);
    m_list->clear();
    std::optional<bool> group;
    for (const OperationMatcher::Match& m : matches) {
        const engine::Operation& op = *m.operation;
        if (!group || *group != op.isTrigger()) {
            group = op.isTrigger();
            auto* header = new QListWidgetItem(op.isTrigger() ? tr("Triggers") : tr("Actions"));
            header->setData(HeaderRole, true);
            header->setFlags(Qt::NoItemFlags);
            m_list->addItem(header);
        }
        auto* item = new QListWidgetItem(operationIcon(op), op.displayName);
        item->setData(OperationIdRole, op.id);
        item->setData(ConnectorRole, op.connectorDisplayName);
        item->setData(DescriptionRole, op.description);
        item->setToolTip(op.connectorDisplayName + QStringLiteral(" – ") + op.displayName +
                         QLatin1Char('\n') + op.description);
        m_list->addItem(item);
    }
    if (matches.isEmpty()) {
        auto* none = new QListWidgetItem(tr("Nothing matches “%1”").arg(m_edit->text().trimmed()));
        none->setData(HeaderRole, true);
        none->setFlags(Qt::NoItemFlags);
        m_list->addItem(none);
    }
    // The best match is preselected: the first operation row.
    for (int i = 0; i < m_list->count(); ++i) {
        if (!m_list->item(i)->data(OperationIdRole).toString().isEmpty()) {
            m_list->setCurrentRow(i);
            break;
        }
    }
    m_list->scrollToTop();
    if (m_popup->isVisible())
        positionPopup();
}

void OperationSearch::showPopup()
{
    positionPopup();
    if (!m_popup->isVisible())
        m_popup->show();
}

void OperationSearch::positionPopup()
{
    // Room for the popup's margins and frame, then every row up to a limit.
    int height = 8 + 2 * m_popup->frameWidth() + 2;
    for (int i = 0; i < m_list->count() && height < 420; ++i)
        height += m_list->sizeHintForRow(i);
    const int width = std::max(m_edit->width(), 380);
    QPoint pos = m_edit->mapToGlobal(QPoint(0, m_edit->height() + 2));
    if (const QScreen* screen = m_edit->screen()) {
        const QRect avail = screen->availableGeometry();
        pos.setX(std::clamp(pos.x(), avail.left(), std::max(avail.left(), avail.right() - width)));
    }
    m_popup->setGeometry(QRect(pos, QSize(width, std::min(height, 420))));
}

void OperationSearch::moveSelection(int delta)
{
    const int count = m_list->count();
    if (count == 0)
        return;
    int row = m_list->currentRow();
    for (int step = 0; step < count; ++step) {
        row += delta;
        if (row < 0 || row >= count)
            return; // stay on the first or last operation
        if (!m_list->item(row)->data(OperationIdRole).toString().isEmpty()) {
            m_list->setCurrentRow(row);
            m_list->scrollToItem(m_list->item(row));
            return;
        }
    }
}

void OperationSearch::chooseCurrent()
{
    chooseItem(m_list->currentItem());
}

void OperationSearch::chooseItem(QListWidgetItem* item)
{
    if (!item)
        return;
    const QString id = item->data(OperationIdRole).toString();
    if (id.isEmpty())
        return;
    hidePopup();
    m_edit->clear();
    refresh();
    Q_EMIT operationChosen(id);
}

bool OperationSearch::handleKey(int key)
{
    switch (key) {
    case Qt::Key_Down:
        if (!m_popup->isVisible())
            showPopup();
        else
            moveSelection(+1);
        return true;
    case Qt::Key_Up:
        moveSelection(-1);
        return true;
    case Qt::Key_PageDown:
        moveSelection(+5);
        return true;
    case Qt::Key_PageUp:
        moveSelection(-5);
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        chooseCurrent();
        return true;
    case Qt::Key_Escape:
        if (m_popup->isVisible()) {
            hidePopup();
        } else {
            m_edit->clear();
            refresh();
            Q_EMIT cancelled();
        }
        return true;
    default:
        return false;
    }
}

bool OperationSearch::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (handleKey(key->key()))
            return true;
        if (watched != m_edit) {
            // Typing while the popup has the keyboard goes into the field.
            QCoreApplication::sendEvent(m_edit, event);
            return true;
        }
    } else if (watched == m_popup && event->type() == QEvent::Hide) {
        m_edit->setFocus(Qt::PopupFocusReason);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace designer
