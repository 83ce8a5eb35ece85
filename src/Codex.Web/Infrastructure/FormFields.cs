using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Codex.Web.Infrastructure;

/// <summary>A labelled input with its inline error, wired for screen readers (<c>_Field.cshtml</c>).</summary>
/// <param name="Value">What the user typed; always null for passwords, which are never sent back.</param>
public sealed record FieldModel(string Name, string Label, string Type, string? Value, string? Error,
    string? Autocomplete = null, string? Hint = null, bool Required = true, int? MaxLength = null);

public static class FormFields
{
    /// <summary>A field of the current form: its error from ModelState, its value unless it is a password.</summary>
    public static FieldModel Field(this IHtmlHelper html, string name, string label, string type, string? value,
        string? autocomplete = null, string? hint = null, int? maxLength = null) =>
        new(name, label, type, type == "password" ? null : value, html.ViewData.ModelState.ErrorFor(name), autocomplete, hint,
            MaxLength: maxLength);

    public static string? ErrorFor(this ModelStateDictionary state, string name) =>
        state.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    /// <summary>Form-level errors (key "").</summary>
    public static IEnumerable<string> FormErrors(this ModelStateDictionary state) =>
        state.TryGetValue("", out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    /// <summary>
    /// A worker's refusal as inline errors: its <c>fieldErrors</c> on the matching fields, anything else as a form-level
    /// sentence. <paramref name="fieldOf"/> names the form's field for a worker's field (<c>branding.fontBody</c>), "" for
    /// form-level; by default camelCase becomes the form's PascalCase.
    /// </summary>
    public static void AddWorkerErrors(this ModelStateDictionary state, WorkerCallException e, Func<string, string>? fieldOf = null)
    {
        fieldOf ??= name => name.Length == 0 ? "" : char.ToUpperInvariant(name[0]) + name[1..];
        if (FieldErrors(e) is { } fields)
        {
            foreach (var field in fields.EnumerateObject())
            {
                var key = fieldOf(field.Name);
                foreach (var message in field.Value.EnumerateArray()) state.AddModelError(key, message.GetString() ?? "Not valid.");
            }
            return;
        }
        state.AddModelError(e.Error.Code switch
        {
            Codex.Contracts.ErrorCodes.EmailTaken => fieldOf("email"),
            Codex.Contracts.ErrorCodes.SlugTaken => fieldOf("slug"),
            _ => "",
        }, e.Error.Message);
    }

    /// <summary>The first message of a worker's <c>fieldErrors</c>, for a form of one field; null when it named none.</summary>
    public static string? FirstFieldMessage(this WorkerCallException e) =>
        FieldErrors(e)?.EnumerateObject().SelectMany(f => f.Value.EnumerateArray()).Select(m => m.GetString()).FirstOrDefault(m => m is not null);

    private static System.Text.Json.JsonElement? FieldErrors(WorkerCallException e) =>
        e.Error.Details is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } details
        && details.TryGetProperty("fieldErrors", out var fields) && fields.ValueKind == System.Text.Json.JsonValueKind.Object
            ? fields
            : null;
}
