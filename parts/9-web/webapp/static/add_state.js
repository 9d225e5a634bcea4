// The form adds a state through the API, as any other client would, and
// then reloads the page: the list shown is the server's, never a guess.
"use strict";
const form = document.getElementById("add-state");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = document.getElementById("error");
  error.textContent = "";
  const response = await fetch(form.dataset.api, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({name: document.getElementById("name").value}),
  });
  if (response.status === 201) {
    window.location.reload();
  } else {
    error.textContent = (await response.json()).error;
  }
});
