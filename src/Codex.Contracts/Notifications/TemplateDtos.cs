using FluentValidation;

namespace Codex.Contracts.Notifications;

/// <summary>Who last edited a template.</summary>
public sealed record TemplateEditorDto(Guid Id, string Name);

/// <summary>
/// A mail as <c>GET /api/templates/:name</c> answers it: the contract's <c>{name, subject, textBody, htmlBody,
/// placeholders[]}</c>, plus (additions) whether it is the built-in default, and when and by whom it was last edited.
/// </summary>
public sealed record EmailTemplateDto(string Name, string Subject, string TextBody, string HtmlBody,
    IReadOnlyList<TemplatePlaceholderDto> Placeholders, bool IsDefault, DateTimeOffset? UpdatedAt, TemplateEditorDto? UpdatedBy);

/// <summary>The body of <c>PUT /api/templates/:name</c>: the whole template, every part required.</summary>
public sealed record UpdateTemplateRequest(string? Subject, string? TextBody, string? HtmlBody);

/// <summary>
/// The body of <c>POST /api/templates/:name/preview</c>, all optional: a part that is given is an unsaved draft (checked as
/// a save would check it), a part left out is the template as stored; <see cref="Values"/> replace sample values.
/// </summary>
public sealed record PreviewTemplateRequest(string? Subject = null, string? TextBody = null, string? HtmlBody = null,
    IReadOnlyDictionary<string, string>? Values = null);

/// <summary>The checks of a <see cref="UpdateTemplateRequest"/> for one template.</summary>
public sealed class UpdateTemplateRequestValidator : AbstractValidator<UpdateTemplateRequest>
{
    public UpdateTemplateRequestValidator(EmailTemplateDefinition template)
    {
        RuleFor(r => r.Subject).ValidTemplate(template, TemplateField.Subject);
        RuleFor(r => r.TextBody).ValidTemplate(template, TemplateField.TextBody);
        RuleFor(r => r.HtmlBody).ValidTemplate(template, TemplateField.HtmlBody);
    }
}

/// <summary>The checks of a <see cref="PreviewTemplateRequest"/>: the parts given as a save would check them, known sample values.</summary>
public sealed class PreviewTemplateRequestValidator : AbstractValidator<PreviewTemplateRequest>
{
    public PreviewTemplateRequestValidator(EmailTemplateDefinition template)
    {
        RuleFor(r => r.Subject).ValidTemplate(template, TemplateField.Subject).When(r => r.Subject is not null);
        RuleFor(r => r.TextBody).ValidTemplate(template, TemplateField.TextBody).When(r => r.TextBody is not null);
        RuleFor(r => r.HtmlBody).ValidTemplate(template, TemplateField.HtmlBody).When(r => r.HtmlBody is not null);
        RuleFor(r => r.Values).Custom((values, context) =>
        {
            foreach (var (name, value) in values ?? new Dictionary<string, string>())
            {
                if (!template.Has(name))
                    context.AddFailure($"{MailTemplateSyntax.Written(name)} is not a placeholder of this template.");
                else if (value is null || value.Length > EmailTemplateRules.PreviewValueMax)
                    context.AddFailure($"The sample value of {MailTemplateSyntax.Written(name)} is at most {EmailTemplateRules.PreviewValueMax:N0} characters.");
            }
        });
    }
}

/// <summary>The audit log's words for template changes (written by the Notifications worker, read by the admin's audit page).</summary>
public static class TemplateAudit
{
    public const string Update = "template.update";
    public const string Reset = "template.reset";
    /// <summary>The target type; the target id is the template's name.</summary>
    public const string Target = "template";
}
