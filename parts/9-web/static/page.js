// The page's forms use the API as any other client does, then reload, so
// what the page lists is always the server's.  A rename sends the version
// the page showed: if someone renamed the state since, the API answers
// 409 and the page says so instead of overwriting their change.
"use strict";

async function send(form, method, body) {
  const error = document.getElementById("error");
  error.textContent = "";
  const response = await fetch(form.dataset.url, {
    method: method,
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body),
  });
  if (response.ok) {
    window.location.reload();
  } else {
    error.textContent = (await response.json()).error;
  }
}

document.getElementById("add-state").addEventListener("submit", (event) => {
  event.preventDefault();
  send(event.target, "POST", {name: event.target.elements.name.value});
});

for (const form of document.querySelectorAll("form.rename")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(form, "PATCH", {name: form.elements.name.value,
                         version: Number(form.dataset.version)});
  });
}
