using Codex.Contracts.Notifications;
using FluentValidation;

namespace Codex.Web.Features.Admin.Templates;

/// <summary>The editor's form, exactly as typed: the subject and the two bodies.</summary>
public sealed class TemplateForm
{
    public string? Subject { get; set; }
    public string? TextBody { get; set; }
    public string? HtmlBody { get; set; }

    /// <summary>The template being edited: from the route, never from the posted form.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public string Name { get; set; } = "";

    public static TemplateForm From(EmailTemplateDto template) =>
        new() { Name = template.Name, Subject = template.Subject, TextBody = template.TextBody, HtmlBody = template.HtmlBody };

    public UpdateTemplateRequest ToRequest() => new(Subject, TextBody, HtmlBody);

    /// <summary>The draft for a preview: every part as typed (a blank part is checked, and refused, like a save).</summary>
    public PreviewTemplateRequest ToPreviewRequest() => new(Subject ?? "", TextBody ?? "", HtmlBody ?? "");
}

/// <summary>The rules the Notifications worker applies to an edit (<see cref="EmailTemplateRules"/>), checked before it is sent.</summary>
public sealed class TemplateFormValidator : AbstractValidator<TemplateForm>
{
    public TemplateFormValidator()
    {
        RuleFor(f => f.Subject).Custom((text, context) => Check(context, TemplateField.Subject, text));
        RuleFor(f => f.TextBody).Custom((text, context) => Check(context, TemplateField.TextBody, text));
        RuleFor(f => f.HtmlBody).Custom((text, context) => Check(context, TemplateField.HtmlBody, text));
    }

    private static void Check(ValidationContext<TemplateForm> context, TemplateField field, string? text)
    {
        if (EmailTemplateCatalog.Find(context.InstanceToValidate.Name) is not { } template) return;
        foreach (var problem in EmailTemplateRules.Problems(template, field, text)) context.AddFailure(problem);
    }
}
