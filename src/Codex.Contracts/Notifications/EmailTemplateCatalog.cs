namespace Codex.Contracts.Notifications;

/// <summary>A <c>{{placeholder}}</c> of a template: its name and what the mail puts there.</summary>
public sealed record TemplatePlaceholderDto(string Name, string Description);

/// <summary>
/// One of the mails Codex sends, as an admin edits it: its name, what it is for, and the placeholders its subject and
/// bodies may use. The wording itself (the default and any edit) lives in the Notifications worker.
/// </summary>
public sealed record EmailTemplateDefinition(string Name, string Label, string SentWhen, IReadOnlyList<TemplatePlaceholderDto> Placeholders)
{
    /// <summary>The placeholder every mail has: the address its button and its plain-text link lead to.</summary>
    public const string Link = "link";

    public bool Has(string placeholder) => Placeholders.Any(p => p.Name == placeholder);

    /// <summary>Whether the mail leads somewhere, so each body must contain <c>{{link}}</c>.</summary>
    public bool HasLink => Has(Link);
}

/// <summary>The editable mails and their placeholders, shared by the Notifications worker and the site's editor.</summary>
public static class EmailTemplateCatalog
{
    private static readonly TemplatePlaceholderDto Name = new("name", "The recipient's name.");

    private static TemplatePlaceholderDto LinkTo(string what) => new(EmailTemplateDefinition.Link, what);

    public static IReadOnlyList<EmailTemplateDefinition> All { get; } =
    [
        new(EmailTemplateNames.VerifyEmail, "Confirm an email address", "After someone registers, or asks for the link again.",
            [Name, LinkTo("The one-time address that confirms the account (valid 24 hours).")]),
        new(EmailTemplateNames.ResetPassword, "Reset a password", "When someone asks to reset a forgotten password.",
            [Name, LinkTo("The one-time address where they choose a new password (valid 1 hour).")]),
        new(EmailTemplateNames.PurchaseReceipt, "Purchase receipt", "When a purchase completes.",
            [
                Name, new("title", "The title of what was bought."), new("amount", "The amount paid, with its currency, e.g. $4.99."),
                LinkTo("The address of what was bought."),
            ]),
        new(EmailTemplateNames.Invitation, "Invitation to an organization", "When an organization's owner or admin invites an address.",
            [
                Name, new("organization", "The organization's name."), new("role", "The role offered, with its article: a creator, an admin."),
                new("invitedBy", "The name of the person who invited them."),
                LinkTo("The one-time address that accepts the invitation (valid 7 days)."),
            ]),
        new(EmailTemplateNames.ContentUnpublished, "Content unpublished by an administrator", "When a platform admin takes an item down.",
            [
                Name, new("title", "The title of the item."), new("reason", "The reason the administrator gave."),
                LinkTo("The item's page in the creator's studio."),
            ]),
        new(EmailTemplateNames.ChangeEmail, "Confirm a new email address", "When someone changes their account's email address (sent to the new one).",
            [Name, LinkTo("The one-time address that confirms the new address (valid 24 hours).")]),
    ];

    /// <summary>The template named <paramref name="name"/> (exactly; the legacy receipt name is no template), or null.</summary>
    public static EmailTemplateDefinition? Find(string? name) => All.FirstOrDefault(t => t.Name == name);
}
