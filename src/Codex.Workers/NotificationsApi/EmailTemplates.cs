using System.Globalization;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.NotificationsApi.Templates;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.NotificationsApi;

/// <summary>
/// The emails Codex sends, rendered from their templates: an admin's edit where one is stored (table
/// <c>email_templates</c>), else the built-in default (<see cref="DefaultTemplates"/>). The values come from the message
/// (<see cref="SendEmailRequest"/>); those the code computes are values too: the link, built on the site's public URL
/// (<c>Codex:PublicUrl</c>) so it works from any mail client, and the amount, formatted with its currency. The stored
/// template is read for every message, so an edit or a reset applies to the next mail sent by any replica.
/// </summary>
public sealed class EmailTemplates(CodexDbContext db, CodexOptions codex)
{
    private readonly string _publicUrl = codex.PublicBase;

    /// <summary>Whether <paramref name="template"/> names a mail (the legacy receipt name included).</summary>
    public static bool Exists(string template) => EmailTemplateCatalog.Find(EmailTemplateNames.Canonical(template)) is not null;

    /// <summary>The template as it is now: the stored edit, or the default; null for an unknown name.</summary>
    public async Task<StoredTemplate?> FindAsync(string name, CancellationToken ct)
    {
        if (EmailTemplateCatalog.Find(name) is not { } definition) return null;
        var row = await db.EmailTemplates.AsNoTracking()
            .Where(t => t.Name == name)
            .Select(t => new { t.Subject, t.TextBody, t.HtmlBody, t.UpdatedAt, t.UpdatedById, Editor = db.Users.Where(u => u.Id == t.UpdatedById).Select(u => u.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return row is null
            ? new StoredTemplate(definition, DefaultTemplates.For(name), null, null)
            : new StoredTemplate(definition, new TemplateContent(row.Subject, row.TextBody, row.HtmlBody), row.UpdatedAt,
                row.UpdatedById is { } id ? new TemplateEditorDto(id, row.Editor ?? "A former admin") : null);
    }

    /// <summary>Renders <paramref name="template"/> for one message, from the template as it is now.</summary>
    public async Task<RenderedEmailDto> RenderAsync(string template, SendEmailRequest request, CancellationToken ct)
    {
        var name = EmailTemplateNames.Canonical(template);
        var values = Values(name, request); // a message missing what its mail needs is refused before any read
        var stored = await FindAsync(name, ct) ?? throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown template.");
        return TemplateRenderer.Render(stored.Content, values);
    }

    /// <summary>
    /// The values of one message for <paramref name="template"/>: a 400 <c>VALIDATION_ERROR</c> (as an
    /// <see cref="ApiException"/>) when the message lacks what the mail states.
    /// </summary>
    public IReadOnlyDictionary<string, string> Values(string template, SendEmailRequest request) => template switch
    {
        EmailTemplateNames.VerifyEmail => Account(request, $"{_publicUrl}{SiteRoutes.VerifyEmail}?token={Uri.EscapeDataString(request.Token)}"
            + (Codex.Contracts.Auth.AccountRules.IsLocalPath(request.Path) ? "&redirect=" + Uri.EscapeDataString(request.Path!) : "")),
        EmailTemplateNames.ResetPassword => Account(request, $"{_publicUrl}{SiteRoutes.ResetPassword}?token={Uri.EscapeDataString(request.Token)}"),
        EmailTemplateNames.ChangeEmail => Account(request, $"{_publicUrl}{SiteRoutes.ConfirmEmailChange}?token={Uri.EscapeDataString(request.Token)}"),
        EmailTemplateNames.PurchaseReceipt => Receipt(request),
        EmailTemplateNames.Invitation => Invitation(request),
        EmailTemplateNames.ContentUnpublished => ContentUnpublished(request),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown template."),
    };

    /// <summary>The values a preview shows by default: a plausible message of each template.</summary>
    public IReadOnlyDictionary<string, string> SampleValues(string template) => Values(template, template switch
    {
        EmailTemplateNames.PurchaseReceipt => new SendEmailRequest("ada@example.com", "Ada Lovelace", "")
        {
            Title = "Patient Baking", Path = "/o/northwind/content/patient-baking", AmountCents = 499, Currency = "usd",
        },
        EmailTemplateNames.Invitation => new SendEmailRequest("ada@example.com", "Ada Lovelace", "sample-token")
        {
            Title = "Northwind Studio", Role = "creator", InvitedBy = "Olga Owner",
        },
        EmailTemplateNames.ContentUnpublished => new SendEmailRequest("ada@example.com", "Ada Lovelace", "")
        {
            Title = "Patient Baking", Path = "/studio/northwind/content/00000000-0000-0000-0000-000000000000/edit",
            Reason = "The cover photo is used without its owner's permission.",
        },
        _ => new SendEmailRequest("ada@example.com", "Ada Lovelace", "sample-token"),
    });

    private static Dictionary<string, string> Account(SendEmailRequest request, string link) =>
        new() { ["name"] = request.Name, [EmailTemplateDefinition.Link] = link };

    private Dictionary<string, string> Receipt(SendEmailRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["A receipt names what was bought."];
        if (!IsSitePath(request.Path)) errors["path"] = ["Must be a site path starting with a single /."];
        if (request.AmountCents is not >= 0) errors["amountCents"] = ["A receipt states the amount paid."];
        if (errors.Count > 0) throw ApiException.Validation(errors);

        return new()
        {
            ["name"] = request.Name, ["title"] = request.Title!, ["amount"] = Money(request.AmountCents!.Value, request.Currency ?? "usd"),
            [EmailTemplateDefinition.Link] = _publicUrl + request.Path,
        };
    }

    private Dictionary<string, string> Invitation(SendEmailRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["An invitation names the organization."];
        if (!ContractJson.TryParseWire<MemberRole>(request.Role?.Trim(), out var role)) errors["role"] = ["An invitation names the role offered."];
        if (string.IsNullOrEmpty(request.Token)) errors["token"] = ["An invitation carries its token."];
        if (errors.Count > 0) throw ApiException.Validation(errors);

        return new()
        {
            ["name"] = request.Name, ["organization"] = request.Title!, ["role"] = RoleNames.WithArticle(role),
            // Substitution only, no conditions: an invitation that names nobody still reads as a sentence.
            ["invitedBy"] = string.IsNullOrWhiteSpace(request.InvitedBy) ? "Someone" : request.InvitedBy,
            [EmailTemplateDefinition.Link] = $"{_publicUrl}{SiteRoutes.AcceptInvitation}?token={Uri.EscapeDataString(request.Token)}",
        };
    }

    private Dictionary<string, string> ContentUnpublished(SendEmailRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["The mail names the item that was unpublished."];
        if (string.IsNullOrWhiteSpace(request.Reason)) errors["reason"] = ["The mail says why it was unpublished."];
        if (!IsSitePath(request.Path)) errors["path"] = ["Must be a site path starting with a single /."];
        if (errors.Count > 0) throw ApiException.Validation(errors);

        return new()
        {
            ["name"] = request.Name, ["title"] = request.Title!, ["reason"] = request.Reason!,
            [EmailTemplateDefinition.Link] = _publicUrl + request.Path,
        };
    }

    private static bool IsSitePath(string? path) => path is { Length: > 1 } && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal);

    private static string Money(int cents, string currency) =>
        currency.Equals("usd", StringComparison.OrdinalIgnoreCase)
            ? "$" + (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture)
            : (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " " + currency.ToUpperInvariant();
}

/// <summary>A template as it is now: its definition, its wording, and when and by whom it was edited (null for the default).</summary>
public sealed record StoredTemplate(EmailTemplateDefinition Definition, TemplateContent Content, DateTimeOffset? UpdatedAt, TemplateEditorDto? UpdatedBy)
{
    public bool IsDefault => UpdatedAt is null;

    public EmailTemplateDto ToDto() => new(Definition.Name, Content.Subject, Content.TextBody, Content.HtmlBody, Definition.Placeholders,
        IsDefault, UpdatedAt, UpdatedBy);
}
